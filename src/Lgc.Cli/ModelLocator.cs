namespace Lgc.Cli;

/// <summary>Finds weight files: an explicit --model, a bundled rate point, or the bundled model whose id a .lgc file names.</summary>
static class ModelLocator
{
    public const string DefaultRate = LgcModels.DefaultRate;

    public static string? BundledFolder() => LgcModels.Folder();

    /// <summary>The bundled weight files in ladder order, with their rate (null for other files): <see cref="LgcModels.Bundled"/>.</summary>
    public static List<(string Path, string? Rate)> Bundled() => LgcModels.Bundled().Select(m => (m.Path, m.Rate)).ToList();

    public static List<string> BundledRates() => LgcModels.Rates().ToList();

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
        if (LgcModels.ForId(modelId) is string f) return f;
        throw new LgcException($"the file was made with model {modelId:x8}, which is not among the bundled models in {folder}; pass --model");
    }
}
