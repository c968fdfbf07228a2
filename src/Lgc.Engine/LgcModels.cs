using Lgc.Formats;

namespace Lgc;

/// <summary>A weight file shipped with Lgc (the weights/ folder beside the executable or above it).</summary>
/// <param name="Name">File name without extension, e.g. "lgc-low".</param>
/// <param name="Rate">The rate point for lgc-RATE files ("xxlow" … "mid"), null for other files.</param>
/// <param name="Path">Full path of the .safetensors file.</param>
/// <param name="Bytes">File size.</param>
public sealed record BundledModel(string Name, string? Rate, string Path, long Bytes)
{
    /// <summary>The model id that .lgc files made with this model carry (computed from the file, so it reads it once).</summary>
    public uint Id => ModelId.FromFile(Path);
}

/// <summary>
/// The bundled-model registry: finds weight files by rate name ("low"), model name ("lgc-low") or path, and the model a
/// file was coded with. Thread-safe (it only reads the file system).
/// </summary>
public static class LgcModels
{
    /// <summary>The rate <see cref="LgcCodec.Open"/> and the CLI use when none is given.</summary>
    public const string DefaultRate = "low";

    /// <summary>Rate names from fewest to most bits; names not listed here sort after them.</summary>
    static readonly string[] Ladder = ["xxlow", "xlow", "low", "midlow", "mid", "high", "xhigh"];

    /// <summary>The bundled weights folder: beside the executable, else the nearest weights/ above it or above the working folder; null when none.</summary>
    public static string? Folder()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var d = new DirectoryInfo(start); d != null; d = d.Parent)
            {
                var w = System.IO.Path.Combine(d.FullName, "weights");
                if (Directory.Exists(w) && Directory.EnumerateFiles(w, "*.safetensors").Any()) return w;
            }
        return null;
    }

    /// <summary>The bundled weight files: rate points in ladder order (fewest bits first), then the others by name.</summary>
    public static IReadOnlyList<BundledModel> Bundled()
    {
        if (Folder() is not string folder) return [];
        return Directory.EnumerateFiles(folder, "*.safetensors")
            .Select(f => new BundledModel(System.IO.Path.GetFileNameWithoutExtension(f), RateOf(f), f, new FileInfo(f).Length))
            .OrderBy(m => m.Rate is null ? 1 : 0)
            .ThenBy(m => m.Rate is string r && Array.IndexOf(Ladder, r) is var k and >= 0 ? k : Ladder.Length)
            .ThenBy(m => m.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The bundled rate names in ladder order, e.g. xxlow, xlow, low, midlow, mid.</summary>
    public static IReadOnlyList<string> Rates() => Bundled().Where(m => m.Rate != null).Select(m => m.Rate!).ToList();

    /// <summary>
    /// A weight file from a path (an existing file), a bundled rate ("low", any case) or a bundled model name ("lgc-low").
    /// Throws an <see cref="LgcException"/> naming the bundled rates when nothing matches.
    /// </summary>
    public static string Resolve(string modelOrRate)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelOrRate);
        if (File.Exists(modelOrRate)) return modelOrRate;
        var bundled = Bundled();
        // Matched against the files found, so a name is never turned into a path (../x).
        var hit = bundled.FirstOrDefault(m => string.Equals(m.Rate, modelOrRate, StringComparison.OrdinalIgnoreCase))
               ?? bundled.FirstOrDefault(m => string.Equals(m.Name, modelOrRate, StringComparison.OrdinalIgnoreCase));
        if (hit != null) return hit.Path;
        if (Folder() is not string folder)
            throw new LgcException($"'{modelOrRate}' is not a file and no bundled weights folder was found; pass a .safetensors path");
        throw new LgcException($"'{modelOrRate}' is neither a file nor a bundled model in {folder}; bundled rates: {string.Join(", ", Rates())}");
    }

    /// <summary>The bundled weight file with this model id (what a .lgc file names), or null.</summary>
    public static string? ForId(uint modelId)
    {
        if (Folder() is not string folder) return null;
        foreach (var f in Directory.EnumerateFiles(folder, "*.safetensors").Order(StringComparer.Ordinal))
            if (ModelId.FromFile(f) == modelId) return f;
        return null;
    }

    static string? RateOf(string file)
    {
        string name = System.IO.Path.GetFileNameWithoutExtension(file);
        return name.StartsWith("lgc-", StringComparison.Ordinal) && name.Length > 4 ? name[4..] : null;
    }
}
