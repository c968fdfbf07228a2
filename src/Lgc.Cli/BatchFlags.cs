using System.CommandLine;

namespace Lgc.Cli;

/// <summary>What a batch run was asked to do with existing outputs, links and slow files.</summary>
sealed record BatchOptions(ExistingOutputs Existing, bool FollowSymlinks, TimeSpan? FileTimeout)
{
    /// <summary>--json: one object per file on stdout instead of the lines for people.</summary>
    public bool Json { get; init; }
    /// <summary>--threads: the most threads lgc computes on (null: all cores); already applied by <see cref="BatchFlags.Read"/>.</summary>
    public int? Threads { get; init; }
    /// <summary>stdout carries a file's data (`-o -`, `--attributes -`): every line for people goes to stderr.</summary>
    public bool StdoutIsData { get; init; }
    /// <summary>--shard/--shards: skips what earlier runs finished, records each file in the shard's manifest, packs (--pack tar).</summary>
    public Shards.ShardRun? Shard { get; init; }
}

/// <summary>The options of the commands that walk folders and write files.</summary>
sealed class BatchFlags
{
    readonly Option<bool> _force = new("--force") { Description = "replace existing output files (default: an existing output is an error)" };
    readonly Option<bool> _skipExisting = new("--skip-existing") { Description = "skip inputs whose output exists (counted in the summary)" };
    readonly Option<bool> _followSymlinks = new("--follow-symlinks")
    {
        Description = "follow symbolic links found in input folders, as long as they stay inside the folder (default: not followed)",
    };
    readonly Option<double> _fileTimeout = new("--file-timeout")
    {
        Description = "seconds one file may take; a slower one is reported as failed and the run goes on (default 0: no limit)",
        DefaultValueFactory = _ => 0,
    };

    readonly Option<bool> _json = CommonOptions.Json();
    readonly Option<int?> _threads = CommonOptions.Threads();

    public void AddTo(Command command)
    {
        command.Options.Add(_json);
        command.Options.Add(_threads);
        command.Options.Add(_force);
        command.Options.Add(_skipExisting);
        command.Options.Add(_followSymlinks);
        command.Options.Add(_fileTimeout);
    }

    public BatchOptions Read(ParseResult r)
    {
        bool force = r.GetValue(_force), skip = r.GetValue(_skipExisting);
        if (force && skip) throw new LgcException("--force and --skip-existing exclude each other");
        double seconds = r.GetValue(_fileTimeout);
        if (!(seconds >= 0) || seconds > int.MaxValue / 1000.0) throw new LgcException($"--file-timeout must be a number of seconds >= 0 (0: no limit), not {seconds}");
        int? threads = ThreadLimit.FromOption(r, _threads); // process-wide, before any model loads (loading runs parallel loops too)
        return new BatchOptions(force ? ExistingOutputs.Replace : skip ? ExistingOutputs.Skip : ExistingOutputs.Refuse,
            r.GetValue(_followSymlinks), seconds > 0 ? TimeSpan.FromSeconds(seconds) : null)
        { Json = r.GetValue(_json), Threads = threads };
    }
}
