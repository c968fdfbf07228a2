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
try
{
    // Our own handler prints user errors as one line; anything else is a bug and keeps its stack trace.
    return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (Batch.IsUserError(e))
{
    Console.Error.WriteLine($"lgc: error: {e.Message}");
    return 1;
}
