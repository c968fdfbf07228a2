using System.Text.Json;
using Lgc.Lab.Evaluation;

namespace Lgc.Tests.Eval;

/// <summary>run.json, now source-generated: same bytes as the reflection-based serializer wrote, read back, and a
/// rerun with another model id or size refused.</summary>
public class RunManifestTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("lgc-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static RunManifest.Content Content(string id, int w = 256) => new(new Dictionary<string, string> { ["lgc-low"] = id }, w, w, 0);

    [Fact]
    public void TheFileReadsAsBeforeAndARerunIsChecked()
    {
        RunManifest.Check(_dir, Content("ab50a396"), restart: false);
        string written = File.ReadAllText(Path.Combine(_dir, "run.json"));
        Assert.Equal(JsonSerializer.Serialize(Content("ab50a396"), new JsonSerializerOptions { WriteIndented = true }), written);

        RunManifest.Check(_dir, Content("ab50a396"), restart: false); // same model and size: accepted
        var e = Assert.Throws<LgcException>(() => RunManifest.Check(_dir, Content("00000000"), restart: false));
        Assert.Contains("model 'lgc-low'", e.Message);
        Assert.Throws<LgcException>(() => RunManifest.Check(_dir, Content("ab50a396", w: 128), restart: false));
        RunManifest.Check(_dir, Content("00000000"), restart: true);
    }
}
