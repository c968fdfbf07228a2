using SharpFuzz;

namespace Lgc.Fuzz;

/// <summary>
/// Lgc.Fuzz TARGET            under afl-fuzz (SharpFuzz fork server); outside AFL it runs one input from stdin
/// Lgc.Fuzz TARGET PATH...    replays files and folders without AFL (exit 1 if any input crashed)
/// Lgc.Fuzz seeds REPO        rewrites the seed corpus and the known-hostile regression inputs
/// </summary>
static class Program
{
    static int Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "seeds") { SeedCorpus.Write(args[1]); return 0; }
        if (args.Length == 0 || !FuzzTargets.IsTarget(args[0]))
        {
            Console.Error.WriteLine($"usage: Lgc.Fuzz TARGET [FILE|FOLDER...] | Lgc.Fuzz seeds REPO   (TARGET: {string.Join(", ", FuzzTargets.Names)})");
            return 2;
        }
        var targets = new FuzzTargets();
        var target = targets.Get(args[0]);
        if (args.Length > 1)
        {
            targets.Warm(args[0]);
            return Replay.Run(target, Replay.Files(args[1..]), Console.Out) == 0 ? 0 : 1;
        }

        // Instrumented code may run only inside Fuzzer.Run (the model loads on the first input).
        // Clean rejections are swallowed here; anything else escapes the action and AFL records a crash.
        Fuzzer.Run(stream =>
        {
            using var m = new MemoryStream();
            stream.CopyTo(m);
            Replay.One(target, m.ToArray());
        });
        return 0;
    }
}
