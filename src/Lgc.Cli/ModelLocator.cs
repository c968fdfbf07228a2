namespace Lgc.Cli;

/// <summary>Finds weight files: an explicit --model, a bundled rate point, or the bundled model whose id a .lgc file names.</summary>
static class ModelLocator
{
    public const string DefaultRate = "low";

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

    public static string ForCompress(string? model, string rate)
    {
        if (model != null) return model;
        var folder = BundledFolder() ?? throw new LgcException("no bundled weights folder found; pass --model FILE.safetensors");
        var path = Path.Combine(folder, $"lgc-{rate}.safetensors");
        if (!File.Exists(path))
        {
            var rates = Directory.EnumerateFiles(folder, "lgc-*.safetensors").Select(f => Path.GetFileNameWithoutExtension(f)[4..]).Order();
            throw new LgcException($"no bundled model for rate '{rate}' ({path}); bundled rates: {string.Join(", ", rates)}");
        }
        return path;
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
