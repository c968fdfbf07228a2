using Spectre.Console;

namespace Lgc.Cli;

/// <summary>One file's job: its paths, the guard its outputs go through, and a token set when its time is up.</summary>
sealed class FileJob(string input, string output, OutputGuard outputs, CancellationToken ct, Action<string> warn)
{
    public string Input => input;
    public string Output => output;
    public CancellationToken Cancelled => ct;
    /// <summary>Whether atomic writes may replace an existing file (--force).</summary>
    public bool Overwrite => outputs.Overwrite;

    /// <summary>Claims the files this job will write (before any work): see <see cref="OutputGuard.Claim"/>.</summary>
    public void Claim(params string[] paths) => outputs.Claim(paths);

    /// <summary>Called right before each write: an abandoned job must not write after its run moved on.</summary>
    public void BeforeWrite() => ct.ThrowIfCancellationRequested();

    public void Warn(string message) => warn(message);
}

/// <summary>Runs one job per file: a plain line for one file, a progress bar for many; a failed file is reported
/// and the rest go on; skipped files (--skip-existing) are counted.</summary>
static class Batch
{
    /// <summary>Errors caused by the input (bad file, wrong model, unwritable output): reported as one line, never a stack trace.</summary>
    public static bool IsUserError(Exception e) => e is LgcException or IOException or UnauthorizedAccessException;

    /// <param name="onAbandon">called with the still running job when --file-timeout gives up on it (e.g. to retire its codecs)</param>
    public static int Run(List<(string Input, string Output)> plan, string verb, BatchOptions options, Func<FileJob, string> job,
        Action<Task>? onAbandon = null)
    {
        var guard = new OutputGuard(plan.Select(p => p.Input), options.Existing);
        if (plan.Count == 1)
        {
            try { Console.WriteLine(RunOne(plan[0], guard, options, job, w => Console.Error.WriteLine($"lgc: warning: {w}"), onAbandon)); }
            catch (SkippedException e) { Console.WriteLine(e.Message); }
            return 0;
        }
        var failures = new List<string>();
        var warnings = new List<string>();
        int skipped = 0;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"{verb} {plan.Count} files", maxValue: plan.Count);
                foreach (var p in plan)
                {
                    try { RunOne(p, guard, options, job, w => { lock (warnings) warnings.Add(w); }, onAbandon); }
                    catch (SkippedException) { skipped++; }
                    catch (Exception e) when (IsUserError(e)) { failures.Add($"{p.Input}: {e.Message}"); }
                    task.Increment(1);
                }
            });
        foreach (var w in warnings) Console.Error.WriteLine($"lgc: warning: {w}");
        foreach (var f in failures) Console.Error.WriteLine($"lgc: error: {f}");
        int done = plan.Count - failures.Count - skipped;
        string summary = $"{verb}: {done} of {plan.Count} files done";
        if (skipped > 0) summary += $", {skipped} skipped (output exists)";
        if (failures.Count > 0) summary += $", {failures.Count} failed";
        Console.WriteLine(summary);
        return failures.Count == 0 ? 0 : 1;
    }

    static string RunOne((string Input, string Output) p, OutputGuard guard, BatchOptions options, Func<FileJob, string> job,
        Action<string> warn, Action<Task>? onAbandon)
    {
        OutputGuard.RequireRegularInput(p.Input);
        if (options.FileTimeout is not TimeSpan limit) return job(new FileJob(p.Input, p.Output, guard, CancellationToken.None, warn));

        // .NET cannot stop a thread: a job over its budget is abandoned (its token set, so it writes nothing)
        // and keeps its thread until it ends or lgc exits; the run goes on.
        var cts = new CancellationTokenSource();
        var running = Task.Factory.StartNew(() => job(new FileJob(p.Input, p.Output, guard, cts.Token, warn)),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!((IAsyncResult)running).AsyncWaitHandle.WaitOne(limit))
        {
            cts.Cancel();
            onAbandon?.Invoke(running);
            _ = running.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted); // observed, never rethrown
            throw new LgcException($"took longer than --file-timeout {limit.TotalSeconds:0.###} s; abandoned, nothing written");
        }
        return running.GetAwaiter().GetResult();
    }
}
