using System.Text.Json.Serialization;

namespace Lgc.Cli;

/// <summary>The attributes file analyze writes: the source and the 40 attributes with probability and label.</summary>
sealed record AttributesDocument(string Source, List<AttributeEntry> Attributes)
{
    public static AttributesDocument Of(FaceAnalysis a) => new(a.Source,
        FaceLabels.Attributes.Select((n, i) => new AttributeEntry(n, MathF.Round(a.AttributeProbabilities[i], 4), a.Label(i))).ToList());

    public byte[] ToUtf8() => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(this, AttributesJson.Default.AttributesDocument);
}

sealed record AttributeEntry(string Name, float Probability, bool Label);

/// <summary>Source-generated (no reflection), indented as the file has always been.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(AttributesDocument))]
partial class AttributesJson : JsonSerializerContext;
