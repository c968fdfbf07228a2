namespace Lgc.Fuzz;

/// <summary>Runs saved inputs through a target without AFL: corpus checks and crash regression replay.</summary>
public static class Replay
{
    public enum Outcome { Accepted, Rejected }

    /// <summary>Accepted or cleanly rejected (LgcException); any other exception propagates: it is a crash.</summary>
    public static Outcome One(Action<byte[]> target, byte[] data)
    {
        try { target(data); return Outcome.Accepted; }
        catch (LgcException) { return Outcome.Rejected; }
    }

    /// <summary>Every file under the paths (folders recursively, sorted), except README.md and hidden names
    /// (AFL keeps its own state in queue/.state).</summary>
    public static IEnumerable<string> Files(IEnumerable<string> paths) =>
        paths.SelectMany<string, string>(p => Directory.Exists(p)
            ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Where(f => IsInput(Path.GetRelativePath(p, f))).Order(StringComparer.Ordinal)
            : [p]);

    static bool IsInput(string relative) =>
        Path.GetFileName(relative) != "README.md" && !relative.Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.'));

    /// <summary>Replays the files, one line each; returns how many crashed.</summary>
    public static int Run(Action<byte[]> target, IEnumerable<string> files, TextWriter log)
    {
        int crashes = 0, accepted = 0, rejected = 0;
        foreach (var file in files)
        {
            var t0 = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                var o = One(target, File.ReadAllBytes(file));
                if (o == Outcome.Accepted) accepted++; else rejected++;
                log.WriteLine($"{o.ToString().ToLowerInvariant(),-8} {t0.ElapsedMilliseconds,6} ms  {file}");
            }
            catch (Exception e)
            {
                crashes++;
                log.WriteLine($"CRASH    {t0.ElapsedMilliseconds,6} ms  {file}: {e.GetType().FullName}: {e.Message}");
                log.WriteLine(e.StackTrace);
            }
        }
        log.WriteLine($"{accepted} accepted, {rejected} rejected, {crashes} crashed");
        return crashes;
    }
}
