using Lgc.Cli;

namespace Lgc.Tests;

/// <summary>--file-timeout: a job that never ends is reported, writes nothing, and the run goes on. In-process,
/// with a job that blocks until released, so nothing depends on how fast the machine is.</summary>
public class BatchTimeoutTests
{
    [Fact]
    public void AStuckFileIsAbandonedAndTheRestGoOn()
    {
        string dir = Directory.CreateTempSubdirectory("lgc-batch-").FullName;
        try
        {
            var plan = new[] { "a", "stuck", "c" }.Select(n => (Path.Combine(dir, n + ".in"), Path.Combine(dir, n + ".out"))).ToList();
            foreach (var (i, _) in plan) File.WriteAllText(i, "input");
            using var release = new ManualResetEventSlim();
            var abandoned = new List<Task>();
            Exception? afterRelease = null;
            int code = Batch.Run(plan, "test", new BatchOptions(ExistingOutputs.Refuse, false, TimeSpan.FromMilliseconds(200)), f =>
            {
                f.Claim(f.Output);
                if (f.Input.EndsWith("stuck.in"))
                {
                    release.Wait();
                    try { f.BeforeWrite(); } catch (OperationCanceledException e) { afterRelease = e; throw; }
                }
                File.WriteAllText(f.Output, "done");
                return new FileReport(f.Output);
            }, abandoned.Add);

            Assert.Equal(1, code);
            Assert.True(File.Exists(plan[0].Item2));
            Assert.True(File.Exists(plan[2].Item2));
            var job = Assert.Single(abandoned);
            release.Set();
            Assert.Throws<AggregateException>(() => job.Wait());
            Assert.IsType<OperationCanceledException>(afterRelease);
            Assert.False(File.Exists(plan[1].Item2)); // the abandoned job wrote nothing
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
