using System.Diagnostics;

namespace Lgc.Tests;

/// <summary>
/// Every saved fuzz input (fuzz/corpus/TARGET, fuzz/regressions/TARGET) replayed through the same target
/// code afl-fuzz runs: each is accepted or refused with LgcException, fast. A crash the fuzzer found
/// stays fixed once its input is in fuzz/regressions.
/// </summary>
public class FuzzCorpusReplayTests
{
    static readonly FuzzTargets Targets = new(Fixtures.TinyModel);

    static string FuzzDir
    {
        get
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "Engine.sln"))) return Path.Combine(d.FullName, "fuzz");
            throw new DirectoryNotFoundException($"no Engine.sln above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>(target, path relative to fuzz/) for every saved input.</summary>
    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var set in new[] { "corpus", "regressions" })
            foreach (var target in FuzzTargets.Names)
            {
                string dir = Path.Combine(FuzzDir, set, target);
                if (!Directory.Exists(dir)) continue;
                foreach (var file in Replay.Files([dir])) data.Add(target, Path.GetRelativePath(FuzzDir, file));
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void EverySavedInputIsAcceptedOrCleanlyRefused(string target, string file)
    {
        Targets.Warm(target); // the model loads outside the timed part
        var run = Targets.Get(target);
        var bytes = File.ReadAllBytes(Path.Combine(FuzzDir, file));
        var t = Stopwatch.StartNew();
        var crash = Record.Exception(() => Replay.One(run, bytes));
        Assert.True(crash is null, $"{file} crashes the {target} target: {crash}");
        Assert.True(t.Elapsed < TimeSpan.FromSeconds(2), $"{file} took {t.Elapsed.TotalSeconds:F1} s in the {target} target");
    }

    [Fact]
    public void EveryTargetHasSeeds()
    {
        foreach (var target in FuzzTargets.Names)
            Assert.NotEmpty(Replay.Files([Path.Combine(FuzzDir, "corpus", target)]));
    }

    [Fact]
    public void AnExceptionOtherThanLgcExceptionIsACrash()
    {
        Action<byte[]> buggy = d => _ = d[d.Length]; // what an unchecked length in a decoder does
        Assert.Throws<IndexOutOfRangeException>(() => Replay.One(buggy, [1, 2, 3]));
        Assert.Equal(Replay.Outcome.Rejected, Replay.One(_ => throw new LgcException("bad input"), [1]));

        string dir = Directory.CreateTempSubdirectory("lgc-replay").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "a.bin"), [1]);
            File.WriteAllBytes(Path.Combine(dir, "b.bin"), [2]);
            Assert.Equal(2, Replay.Run(buggy, Replay.Files([dir]), TextWriter.Null));
        }
        finally { Directory.Delete(dir, true); }
    }
}
