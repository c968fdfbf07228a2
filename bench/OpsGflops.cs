using System.Diagnostics;
using Lgc.Tensors;
using Lgc.Tensors.Simd;

namespace Lgc.Bench;

/// <summary>
/// Quick GFLOP/s table without BenchmarkDotNet (seconds, not minutes): best of a few timed runs
/// of each op per SimdBackend width. Wire to a command-line switch such as --gflops.
/// </summary>
public static class OpsGflops
{
    public static void Run(TextWriter output, int repeats = 5)
    {
        var backends = SimdBackend.SupportedLanes.Where(l => l > 1).Select(l => (IBackend)new SimdBackend(l)).ToList();
        output.WriteLine($"{"op",-28}" + string.Concat(backends.Select(b => $"{b.Name + " ms",12}{"GFLOP/s",9}")));
        foreach (var op in OpsCase.All)
        {
            output.Write($"{op.Name,-28}");
            foreach (var b in backends)
            {
                double best = BestSeconds(op.Prepare(b), repeats);
                output.Write($"{best * 1e3,12:F2}{op.Flops / best / 1e9,9:F1}");
            }
            output.WriteLine();
        }
    }

    private static double BestSeconds(Action run, int repeats)
    {
        run(); // JIT and pool warm-up
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            run();
            best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalSeconds);
        }
        return best;
    }
}
