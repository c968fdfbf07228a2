using System.Diagnostics;
using System.Text;
using Lgc.Cli.Shards;
using Lgc.Imaging;

namespace Lgc.Tests;

/// <summary>Shard runs for the tests: synthetic inputs with a --files-from list, and lgc started as a child process
/// (optionally with cluster environment variables) that the test may kill.</summary>
static class ShardCli
{
    /// <summary>A started lgc; its stdout and stderr are drained as it runs (a full pipe would stall it).</summary>
    public sealed class Running(Process process, StringBuilder output) : IDisposable
    {
        public Process Process => process;

        public (int Code, string Output) Wait()
        {
            Assert.True(process.WaitForExit(120_000), "lgc did not finish in 2 minutes");
            process.WaitForExit(); // the async readers have finished
            lock (output) return (process.ExitCode, output.ToString());
        }

        public void Dispose()
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
        }
    }

    public static Running Start(string workingDirectory, IDictionary<string, string>? env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        psi.ArgumentList.Add(CliProcess.Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        // The test host may itself run in a cluster job: only the variables a test sets reach lgc.
        foreach (var name in new[] { "JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN" }) psi.Environment.Remove(name);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        var text = new StringBuilder();
        var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (text) text.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (text) text.AppendLine(e.Data); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return new Running(p, text);
    }

    public static (int Code, string Output) Run(string workingDirectory, IDictionary<string, string>? env, params string[] args)
    {
        using var r = Start(workingDirectory, env, args);
        return r.Wait();
    }

    /// <summary>count w×h synthetic PNGs below <paramref name="dir"/> (every fifth in sub/) and list.txt naming them
    /// relative to its own folder, with a comment and a blank line; -> the list and the listed paths.</summary>
    public static (string List, List<string> Keys) Inputs(string dir, int count, int w = 32, int h = 32)
    {
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        var keys = Enumerable.Range(0, count).Select(i => i % 5 == 0 ? $"sub/a{i:D2}.png" : $"a{i:D2}.png").ToList();
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
            ImageIo.SavePng(RgbImage.Synthetic(w, h, 100 + i), Path.Combine(dir, key));
        string list = Path.Combine(dir, "list.txt");
        File.WriteAllLines(list, ["# synthetic inputs", "", .. keys]);
        return (list, keys);
    }

    /// <summary>The shard that owns an output name (as ShardRun splits: by the path below the output folder).</summary>
    public static int Owner(string outputName, int n) => Enumerable.Range(0, n).Single(i => new ShardSpec(i, n).Owns(outputName));

    /// <summary>Complete lines (newline-terminated) of a file another process is appending to; 0 when missing.</summary>
    public static int CompleteLines(string path)
    {
        try
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var bytes = new byte[f.Length];
            f.ReadExactly(bytes);
            return bytes.Count(b => b == '\n');
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return 0; } // not started yet
    }

    /// <summary>Kills <paramref name="shard"/> once its manifest has <paramref name="lines"/> complete lines; false when it
    /// finished first (the test's invariants hold either way).</summary>
    public static bool KillAfter(Running shard, string manifest, int lines)
    {
        var clock = Stopwatch.StartNew();
        while (!shard.Process.HasExited)
        {
            if (CompleteLines(manifest) >= lines)
            {
                try { shard.Process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { return false; } // exited meanwhile
                shard.Process.WaitForExit();
                return true;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "the shard wrote no manifest lines in 2 minutes");
            Thread.Sleep(2);
        }
        return false;
    }
}
