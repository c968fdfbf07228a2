using System.Text.Json;
using Lgc.Formats;

namespace Lgc.Lab.Evaluation;

/// <summary>
/// run.json in the output folder: what the rows there were measured with (model ids per name, image size).
/// A rerun that would mix rows of a different model or size under the same names is refused.
/// </summary>
internal static class RunManifest
{
    /// <summary>
    /// A model's key in run.json: lgc models by name (as before, so older folders keep matching), reference models
    /// as "hyperprior:name", so a reference never collides with an lgc model of the same file stem. New keys are
    /// accepted on a rerun (only their methods run); a known key with another model id is refused.
    /// </summary>
    public static string Key(EvalModel m) => m.Reference ? $"{EvalMethod.Reference}:{m.Name}" : m.Name;

    public sealed record Content(Dictionary<string, string> Models, int Width, int Height, int Resize);

    public static void Check(string outDir, Content now, bool restart)
    {
        string path = Path.Combine(outDir, "run.json");
        if (!restart && File.Exists(path))
        {
            Content? before;
            try { before = JsonSerializer.Deserialize(File.ReadAllText(path), LabJson.Default.Content); }
            catch (JsonException e) { throw new LgcException($"'{path}' is damaged ({e.Message}); pass --restart to start over"); }
            if (before != null)
            {
                foreach (var (name, id) in now.Models)
                    if (before.Models.TryGetValue(name, out var old) && old != id)
                        throw new LgcException($"model '{name}' is not the one the rows in '{outDir}' were measured with (model id {old}, now {id}); pass --restart or another --out");
                if ((before.Width, before.Height, before.Resize) != (now.Width, now.Height, now.Resize))
                    throw new LgcException($"the rows in '{outDir}' are for {before.Width}x{before.Height} images (--size {before.Resize}), this run is {now.Width}x{now.Height} (--size {now.Resize}); pass --restart or another --out");
                foreach (var (name, id) in before.Models) now.Models.TryAdd(name, id); // keep earlier models' ids
            }
        }
        AtomicFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(now, LabJson.Default.Content));
    }
}
