using System.Diagnostics;

namespace Lgc.Tests;

/// <summary>Runs lgc as a child process with bytes on its stdin and its stdout kept as bytes (stdout may be data).</summary>
static class CliProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "lgc.dll");

    public static (int Code, byte[] Out, string Err) RunIn(string? workingDirectory, byte[]? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = new MemoryStream();
        var copy = p.StandardOutput.BaseStream.CopyToAsync(output);
        var err = p.StandardError.ReadToEndAsync();
        try
        {
            if (stdin != null) p.StandardInput.BaseStream.Write(stdin);
            p.StandardInput.Close();
        }
        catch (IOException) { } // lgc may exit before reading all of stdin (e.g. a usage error)
        Assert.True(p.WaitForExit(120_000), "lgc did not finish in 2 minutes");
        copy.Wait();
        return (p.ExitCode, output.ToArray(), err.Result);
    }

    public static (int Code, byte[] Out, string Err) Run(byte[]? stdin, params string[] args) => RunIn(null, stdin, args);

    /// <summary>A shell pipeline, as a user types it; `lgc` in it stands for this build.</summary>
    public static (int Code, string Out, string Err) Shell(string pipeline, string workingDirectory)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"set -o pipefail; lgc() {{ dotnet '{Dll}' \"$@\"; }}; {pipeline}");
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        string err = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(120_000), "the pipeline did not finish in 2 minutes");
        return (p.ExitCode, output.Result, err);
    }

    /// <summary>Exit 1 and exactly one line on stderr, an lgc error holding <paramref name="expect"/>.</summary>
    public static void AssertOneLineError(int code, string err, string expect)
    {
        Assert.True(code == 1, $"exit {code}: {err}");
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, err);
        Assert.StartsWith("lgc: error: ", lines[0]);
        Assert.Contains(expect, lines[0]);
    }
}
