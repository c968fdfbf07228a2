using System.Diagnostics;
using System.Text.Json;
using Spectre.Console;

namespace Lgc.Cli;

/// <summary>One file's job: its paths, the guard its outputs go through, and a token set when its time is up.
/// Either path may be `-` (stdin, stdout).</summary>
sealed class FileJob(string input, string output, OutputGuard outputs, CancellationToken ct, Action<string> warn, Shards.TarOutputs? pack = null)
{
    public string Input => input;
    public string Output => output;
    public CancellationToken Cancelled => ct;
    /// <summary>Whether atomic writes may replace an existing file (--force).</summary>
    public bool Overwrite => outputs.Overwrite;
    public bool FromStdin => Stdio.Is(input);

    /// <summary>Claims the files this job will write (before any work): see <see cref="OutputGuard.Claim"/>; stdout needs no claim.</summary>
    public void Claim(params string[] paths) => outputs.Claim(paths.Where(p => !Stdio.Is(p)).ToArray());

    /// <summary>Called right before each write: an abandoned job must not write after its run moved on.</summary>
    public void BeforeWrite() => ct.ThrowIfCancellationRequested();

    /// <summary>The input's bytes: the file, or all of stdin.</summary>
    public byte[] ReadInput() => FromStdin ? Stdio.ReadInput() : File.ReadAllBytes(input);

    /// <summary>Writes one output atomically, or to stdout for `-`, or into the shard's tar (--pack tar).</summary>
    public void Write(string path, byte[] bytes)
    {
        BeforeWrite();
        if (Stdio.Is(path)) Stdio.WriteOutput(bytes);
        else if (pack != null) pack.Add(path, bytes);
        else Formats.AtomicFile.WriteAllBytes(path, bytes, Overwrite);
    }

    public void Warn(string message) => warn(message);
}

/// <summary>Runs one job per file: a plain line for one file, a progress bar for many; a failed file is reported
/// and the rest go on; skipped files (--skip-existing) are counted. With --json each file is one object on stdout.
/// Lines for people go to stderr whenever stdout carries data or JSON.</summary>
static class Batch
{
    /// <summary>Errors caused by the input (bad file, wrong model, unwritable output): reported as one line, never a stack trace.</summary>
    public static bool IsUserError(Exception e) => e is LgcException or IOException or UnauthorizedAccessException;

    /// <param name="onAbandon">called with the still running job when --file-timeout gives up on it (e.g. to retire its codecs)</param>
    public static int Run(List<(string Input, string Output)> plan, string verb, BatchOptions options, Func<FileJob, FileReport> job,
        Action<Task>? onAbandon = null)
    {
        bool dataOut = options.StdoutIsData || plan.Any(p => Stdio.Is(p.Output));
        if (dataOut && options.Json) throw new LgcException("--json writes to stdout, and so does '-' as an output; give the output a file name");
        var text = dataOut || options.Json ? Console.Error : Console.Out;
        var guard = new OutputGuard(plan.Select(p => p.Input).Where(i => !Stdio.Is(i)), options.Existing);

        if (plan.Count == 1)
        {
            var p = plan[0];
            var r = Attempt(p, verb, guard, options, job, w => Console.Error.WriteLine($"lgc: warning: {w}"), onAbandon, out var error);
            if (options.Json) Emit(r);
            // One file: its error ends the run as every other error does (one line, exit 1).
            if (error != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            text.WriteLine(r.Text);
            return 0;
        }
        var failures = new List<string>();
        var warnings = new List<string>();
        int skipped = 0;
        var console = options.Json ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }) : AnsiConsole.Console;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"{verb} {plan.Count} files", maxValue: plan.Count);
                foreach (var p in plan)
                {
                    var r = Attempt(p, verb, guard, options, job, w => { lock (warnings) warnings.Add(w); }, onAbandon, out var error);
                    if (r.Status == "skipped") skipped++;
                    if (error != null) failures.Add($"{Stdio.Display(p.Input)}: {error.Message}");
                    if (options.Json) Emit(r);
                    task.Increment(1);
                }
            });
        foreach (var w in warnings) Console.Error.WriteLine($"lgc: warning: {w}");
        foreach (var f in failures) Console.Error.WriteLine($"lgc: error: {f}");
        int done = plan.Count - failures.Count - skipped;
        string summary = $"{verb}: {done} of {plan.Count} files done";
        if (skipped > 0) summary += options.Shard is null ? $", {skipped} skipped (output exists)" : $", {skipped} skipped (done by an earlier run)";
        if (failures.Count > 0) summary += $", {failures.Count} failed";
        text.WriteLine(summary);
        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>Runs one job and says how it went; a user error comes back in <paramref name="error"/>, anything else (a bug) is thrown.</summary>
    static FileReport Attempt((string Input, string Output) p, string verb, OutputGuard guard, BatchOptions options, Func<FileJob, FileReport> job,
        Action<string> warn, Action<Task>? onAbandon, out Exception? error)
    {
        var clock = Stopwatch.StartNew();
        FileReport r;
        error = null;
        try { r = RunOne(p, guard, options, job, warn, onAbandon); }
        catch (SkippedException e) { r = new FileReport(e.Message) { Status = "skipped", Output = p.Output }; }
        catch (Exception e) when (IsUserError(e)) { r = new FileReport(e.Message) { Status = "failed", Error = e.Message }; error = e; }
        r.Command = verb;
        r.Input = p.Input;
        r.Ms = Math.Round(clock.Elapsed.TotalMilliseconds, 1);
        options.Shard?.Record(p, r); // before a one-file error is rethrown: the manifest has every file
        return r;
    }

    static void Emit(FileReport r)
    {
        Console.Out.WriteLine(JsonSerializer.Serialize(r, CliJson.Default.FileReport));
        Console.Out.Flush();
    }

    static FileReport RunOne((string Input, string Output) p, OutputGuard guard, BatchOptions options, Func<FileJob, FileReport> job,
        Action<string> warn, Action<Task>? onAbandon)
    {
        if (options.Shard?.IsDone(p.Output) == true) throw new SkippedException(p.Output);
        if (!Stdio.Is(p.Input)) OutputGuard.RequireRegularInput(p.Input);
        var pack = options.Shard?.Pack;
        if (options.FileTimeout is not TimeSpan limit)
        {
            // With --threads N the pool has N workers; the job runs on one of them so the calling thread, which would
            // otherwise run a share of every Parallel.For itself, only waits (N computing threads, not N + 1).
            if (options.Threads is null) return job(new FileJob(p.Input, p.Output, guard, CancellationToken.None, warn, pack));
            return Task.Run(() => job(new FileJob(p.Input, p.Output, guard, CancellationToken.None, warn, pack))).GetAwaiter().GetResult();
        }

        // .NET cannot stop a thread: a job over its budget is abandoned (its token set, so it writes nothing)
        // and keeps its thread until it ends or lgc exits; the run goes on.
        var cts = new CancellationTokenSource();
        var running = Task.Factory.StartNew(() => job(new FileJob(p.Input, p.Output, guard, cts.Token, warn, pack)),
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
