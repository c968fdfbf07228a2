namespace Lgc.Cli;

/// <summary>--threads: caps the thread pool, where the engine's Parallel.For loops run, at N worker threads for the
/// rest of the process, so model loading is covered too. A file's job runs on a pool thread (Batch.RunOne) and the
/// main thread only waits, so at most N threads compute; with --file-timeout the job has a thread of its own (an
/// abandoned job must not hold a pool worker), which makes it N + 1.</summary>
static class ThreadLimit
{
    public const int Max = 1024;

    /// <summary>Reads --threads, checks its range and applies it; null when not given.</summary>
    public static int? FromOption(System.CommandLine.ParseResult r, System.CommandLine.Option<int?> option)
    {
        int? threads = r.GetValue(option);
        if (threads is < 1 or > Max) throw new LgcException($"--threads must be a whole number from 1 to {Max}, not {threads}");
        if (threads is int n) Apply(n);
        return threads;
    }

    public static void Apply(int n)
    {
        ThreadPool.GetMinThreads(out int workerMin, out int ioMin);
        ThreadPool.GetMaxThreads(out _, out int ioMax);
        // The pool refuses a maximum below its minimum and a minimum above its maximum: move them in that order.
        bool ok = n <= workerMin ? ThreadPool.SetMinThreads(n, ioMin) && ThreadPool.SetMaxThreads(n, ioMax)
                                 : ThreadPool.SetMaxThreads(n, ioMax) && ThreadPool.SetMinThreads(n, ioMin);
        if (!ok) throw new LgcException($"--threads {n}: the thread pool refused that limit");
    }
}
