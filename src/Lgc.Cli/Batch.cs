using Spectre.Console;

namespace Lgc.Cli;

/// <summary>Runs one job per file: a plain line for one file, a progress bar for many; a failed file is reported and the rest go on.</summary>
static class Batch
{
    /// <summary>Errors caused by the input (bad file, wrong model, unwritable output): reported as one line, never a stack trace.</summary>
    public static bool IsUserError(Exception e) => e is LgcException or IOException or UnauthorizedAccessException;

    public static int Run(List<(string Input, string Output)> plan, string verb, Func<string, string, string> job)
    {
        if (plan.Count == 1)
        {
            Console.WriteLine(job(plan[0].Input, plan[0].Output));
            return 0;
        }
        var failures = new List<string>();
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"{verb} {plan.Count} files", maxValue: plan.Count);
                foreach (var (i, o) in plan)
                {
                    try { job(i, o); }
                    catch (Exception e) when (IsUserError(e)) { failures.Add($"{i}: {e.Message}"); }
                    task.Increment(1);
                }
            });
        foreach (var f in failures) Console.Error.WriteLine($"lgc: error: {f}");
        Console.WriteLine($"{verb}: {plan.Count - failures.Count} of {plan.Count} files done");
        return failures.Count == 0 ? 0 : 1;
    }
}
