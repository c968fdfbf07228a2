using System.CommandLine;
using Lgc;
using Lgc.Cli;

var root = new RootCommand("lgc: layered generative face image codec with compressed-domain analysis");
root.Subcommands.Add(CompressCommand.Create());
root.Subcommands.Add(DecompressCommand.Create());
root.Subcommands.Add(InfoCommand.Create());
try
{
    return root.Parse(args).Invoke();
}
catch (Exception e) when (Batch.IsUserError(e))
{
    Console.Error.WriteLine($"lgc: error: {e.Message}");
    return 1;
}
