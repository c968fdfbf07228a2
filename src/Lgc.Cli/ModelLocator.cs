namespace Lgc.Cli;

/// <summary>Finds weight files: an explicit --model, a bundled rate point, or the bundled model whose id a .lgc file names.</summary>
static class ModelLocator
{
    public const string DefaultRate = "low";

    /// <summary>Rate names from fewest to most bits; names not listed here sort after them.</summary>
    static readonly string[] Ladder = ["xxlow", "xlow", "low", "midlow", "mid", "high", "xhigh"];

    /// <summary>The bundled weights folder: beside the executable, else the nearest weights/ above it or above the working folder.</summary>
    public static string? BundledFolder()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var d = new DirectoryInfo(start); d != null; d = d.Parent)
            {
                var w = Path.Combine(d.FullName, "weights");
                if (Directory.Exists(w) && Directory.EnumerateFiles(w, "*.safetensors").Any()) return w;
            }
        }
        return null;
    }

    /// <summary>The bundled weight files, rate points (lgc-RATE.safetensors) first in ladder order, with their rate (null for other files).</summary>
    public static List<(string Path, string? Rate)> Bundled()
    {
        if (BundledFolder() is not string folder) return [];
        return Directory.EnumerateFiles(folder, "*.safetensors")
            .Select(f => (Path: f, Rate: RateOf(f)))
            .OrderBy(x => x.Rate is null ? 1 : 0)
            .ThenBy(x => x.Rate is string r && Array.IndexOf(Ladder, r) is var k and >= 0 ? k : Ladder.Length)
            .ThenBy(x => Path.GetFileName(x.Path), StringComparer.Ordinal)
            .ToList();
    }

    public static List<string> BundledRates() => Bundled().Where(b => b.Rate != null).Select(b => b.Rate!).ToList();

    static string? RateOf(string file)
    {
        string name = Path.GetFileNameWithoutExtension(file);
        return name.StartsWith("lgc-", StringComparison.Ordinal) && name.Length > 4 ? name[4..] : null;
    }

    public static string ForCompress(string? model, string rate)
    {
        if (model != null) return model;
        var folder = BundledFolder() ?? throw new LgcException("no bundled weights folder found; pass --model FILE.safetensors");
        // Matched against the files found, so a rate is never a path (--rate ../x).
        var bundled = Bundled().Where(b => b.Rate != null).ToList();
        var hit = bundled.FirstOrDefault(b => string.Equals(b.Rate, rate, StringComparison.OrdinalIgnoreCase));
        if (hit.Path is null)
            throw new LgcException($"no bundled model for rate '{rate}' in {folder}; bundled rates: {string.Join(", ", bundled.Select(b => b.Rate))}");
        return hit.Path;
    }

    /// <summary>The model a file was made with: --model if given (its id is checked later), else the bundled file with that id.</summary>
    public static string ForDecode(string? model, uint modelId)
    {
        if (model != null) return model;
        var folder = BundledFolder() ?? throw new LgcException("no bundled weights folder found; pass --model FILE.safetensors");
        foreach (var f in Directory.EnumerateFiles(folder, "*.safetensors").Order(StringComparer.Ordinal))
            if (LgcCodec.ModelIdOf(f) == modelId) return f;
        throw new LgcException($"the file was made with model {modelId:x8}, which is not among the bundled models in {folder}; pass --model");
    }
}
