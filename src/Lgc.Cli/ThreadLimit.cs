namespace Lgc.Cli;

/// <summary>--threads: runs work on a scheduler that admits at most N tasks at once. The engine's Parallel.For
/// loops take no options, so they inherit TaskScheduler.Current and with it this limit (the calling task is
/// one of the N). Only for synchronous work: an await inside would queue behind the very task waiting for it.</summary>
static class ThreadLimit
{
    public const int Max = 1024;

    public static T Run<T>(int? threads, Func<T> work)
    {
        if (threads is not int n) return work();
        var pair = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, n);
        try
        {
            return Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.None, pair.ConcurrentScheduler)
                .GetAwaiter().GetResult();
        }
        finally { pair.Complete(); }
    }
}
