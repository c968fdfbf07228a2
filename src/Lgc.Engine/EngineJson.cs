using System.Text.Json.Serialization;

namespace Lgc;

/// <summary>The attributes document of <see cref="FaceAnalyzer.AttributesJson"/>: the source and the 40 attributes.</summary>
sealed record FaceAttributesDocument(string Source, List<FaceAttributeEntry> Attributes);

sealed record FaceAttributeEntry(string Name, float Probability, bool Label);

/// <summary>The engine's JSON, source-generated (no reflection: trimming and NativeAOT safe); camelCase and indented,
/// as the document read when it was serialized from anonymous types.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(FaceAttributesDocument))]
partial class EngineJson : JsonSerializerContext;
