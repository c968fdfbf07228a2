using System.CommandLine;
using Lgc;
using Lgc.Cli;

var root = new RootCommand("lgc: layered generative face image codec with compressed-domain analysis");
root.Subcommands.Add(CompressCommand.Create());
root.Subcommands.Add(DecompressCommand.Create());
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(AnalyzeCommand.Create());
root.Subcommands.Add(VerifyCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(ModelsCommand.Create());
var maxPixels = new Option<long>("--max-pixels")
{
    Description = $"refuse .lgc files whose header declares more pixels than this (default {LgcCodec.DefaultMaxPixels}, the compress limit 4096x4096)",
    DefaultValueFactory = _ => LgcCodec.DefaultMaxPixels,
    Recursive = true,
};
maxPixels.Validators.Add(r =>
{
    if (r.GetValueOrDefault<long>() < 1) r.AddError("--max-pixels must be at least 1");
});
root.Options.Add(maxPixels);
try
{
    var parsed = root.Parse(OptionLikeFiles.Protect(args, root));
    // Bare `lgc` shows the help; any other mistake is one line (exit 1).
    if (args.Length > 0 && ParseErrors.Describe(parsed) is string mistake) throw new LgcException(mistake);
    LgcCodec.DefaultMaxPixels = parsed.GetValue(maxPixels);
    // Our own handler prints user errors as one line (exit codes: README, "Exit codes").
    return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (Batch.IsUserError(e))
{
    Console.Error.WriteLine($"lgc: error: {e.Message}");
    return ExitCodes.InputError;
}
catch (Exception e)
{
    // Hostile input is validated before use, so reaching here is a defect in lgc, not in the input.
    Console.Error.WriteLine($"lgc: internal error (a bug, please report it): {e.GetType().Name}: {OneLine(e.Message)}");
    return ExitCodes.InternalError;
}

static string OneLine(string s) => s.ReplaceLineEndings(" ");

/// <summary>Process exit codes, documented in README ("Exit codes").</summary>
static class ExitCodes
{
    public const int InputError = 1;
    public const int InternalError = 70; // EX_SOFTWARE (sysexits.h)
}
