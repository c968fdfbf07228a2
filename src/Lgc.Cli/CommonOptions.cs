using System.CommandLine;

namespace Lgc.Cli;

/// <summary>Options shared by several commands.</summary>
static class CommonOptions
{
    public static Option<string?> Model() => new("--model", "-m")
    {
        Description = "weight file (.safetensors); default: the bundled model for --rate",
    };

    public static Option<string> Backend() => new("--backend")
    {
        Description = "compute backend: cpu (SIMD, default), reference (scalar oracle, slow), auto (CUDA, else OpenCL, else cpu; says which), cuda, opencl, ilgpu-cpu (GPU simulator, slow); the ILGPU ones run each image device-resident",
        DefaultValueFactory = _ => "cpu",
    };

    public static Option<string?> Output() => new("--output", "-o")
    {
        Description = "output file (one input; - for stdout) or folder (several inputs or a folder)",
    };

    public static Option<bool> AllowTruncated() => new("--allow-truncated")
    {
        Description = "accept a truncated input image (its missing part decodes as filler), with a warning; default: refused",
    };

    /// <summary>--rate: the help lists the bundled rate points found at startup.</summary>
    public static Option<string> Rate()
    {
        var rates = ModelLocator.BundledRates();
        string list = rates.Count > 0 ? string.Join("|", rates) : "none found";
        return new("--rate", "-r")
        {
            Description = $"bundled rate point: {list} (case-insensitive; default {ModelLocator.DefaultRate}; lgc models lists them)",
            HelpName = rates.Count > 0 ? list : "rate",
            DefaultValueFactory = _ => ModelLocator.DefaultRate,
        };
    }

    /// <summary>--json, the same on every command: JSON Lines on stdout, one object per <paramref name="per"/>.</summary>
    public static Option<bool> Json(string per = "file") => new("--json")
    {
        Description = $"one JSON object per {per} on stdout (JSON Lines) instead of lines for people; those go to stderr",
    };

    public static Option<int?> Threads() => new("--threads")
    {
        Description = "the most threads lgc computes on (default: as many as the thread pool gives, about one per core)",
        HelpName = "N",
        CustomParser = a => int.TryParse(a.Tokens.Single().Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n)
            ? n : Fail(a, $"--threads takes a whole number, not '{a.Tokens.Single().Value}'"),
    };

    static int? Fail(System.CommandLine.Parsing.ArgumentResult a, string message)
    {
        a.AddError(message);
        return null;
    }

    /// <summary>The input paths; none when --files-from names them (<see cref="Shards.ShardFlags"/> checks that one is given).</summary>
    public static Argument<string[]> Inputs(string what) => new("inputs")
    {
        Description = what,
        Arity = ArgumentArity.ZeroOrMore,
    };
}
