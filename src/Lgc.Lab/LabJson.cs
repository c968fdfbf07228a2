using System.Text.Json.Serialization;
using Lgc.Lab.Evaluation;

namespace Lgc.Lab;

/// <summary>The lab's JSON, source-generated (no reflection: trimming and NativeAOT safe). run.json keeps the
/// property names and indentation it had when it was serialized by reflection with default options.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(RunManifest.Content))]
partial class LabJson : JsonSerializerContext;
