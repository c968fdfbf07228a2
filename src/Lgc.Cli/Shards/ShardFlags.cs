using System.CommandLine;

namespace Lgc.Cli.Shards;

/// <summary>The options that pick a command's inputs for a cluster: --files-from, --shard / --shards, --pack.
/// Without them the inputs are the command's arguments, as always.</summary>
sealed class ShardFlags
{
    readonly Option<string?> _filesFrom = new("--files-from")
    {
        Description = "read the inputs from LIST, one path per line (relative paths: from LIST's folder; - : stdin); the outputs mirror the listed paths below -o FOLDER",
        HelpName = "LIST",
    };
    readonly Option<string?> _shard = new("--shard")
    {
        Description = "do shard i of n (0-based, e.g. 0/4) of the inputs: files done by an earlier run are skipped, each file is logged in FOLDER/manifest-i-of-n.jsonl",
        HelpName = "i/n",
    };
    readonly Option<string?> _shards = new("--shards")
    {
        Description = "as --shard, the index i from JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (Slurm array)",
        HelpName = "n",
    };
    readonly Option<string?> _pack = new("--pack")
    {
        Description = "tar: with --shard(s), pack the outputs into FOLDER/shard-i-of-n.tar instead of one file each (resumable)",
        HelpName = "tar",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_filesFrom);
        command.Options.Add(_shard);
        command.Options.Add(_shards);
        command.Options.Add(_pack);
    }

    /// <summary>The (input, output) pairs this process does, and the batch options for them (in shard mode: with the
    /// <see cref="ShardRun"/> that skips finished files and keeps the manifest; the caller disposes it).</summary>
    public (List<(string Input, string Output)> Plan, BatchOptions Options) Plan(ParseResult r, string[] inputs, string? output,
        string[] extensions, string outExt, BatchOptions options)
    {
        string? list = r.GetValue(_filesFrom), pack = r.GetValue(_pack);
        var spec = ShardSpec.Resolve(r.GetValue(_shard), Count(r.GetValue(_shards)), Environment.GetEnvironmentVariables());
        if (pack is not null && pack != "tar") throw new LgcException($"--pack '{pack}': the only packing is tar");
        if (pack is not null && spec is null) throw new LgcException("--pack tar packs a shard's outputs: give --shard i/n or --shards n as well (--shard 0/1: all in one tar)");
        if (list is not null && inputs.Length > 0) throw new LgcException("give input paths or --files-from LIST, not both");
        if (list is null && inputs.Length == 0)
            throw new LgcException($"Required argument missing: give input files or folders, or --files-from LIST (see lgc {r.CommandResult.Command.Name} --help)");
        if (list is null && spec is null) return (Inputs.Plan(inputs, output, extensions, outExt, options.FollowSymlinks), options);

        string what = spec is null ? "--files-from" : r.GetValue(_shard) is not null ? "--shard" : "--shards";
        if (inputs.Any(Stdio.Is)) throw new LgcException($"{what} splits a set of files; '-' (stdin) is one stream");
        bool force = options.Existing == ExistingOutputs.Replace;
        if (force && pack is not null)
            throw new LgcException($"--force cannot replace entries of a tar; delete {Path.Combine(output ?? ".", $"shard-{spec}.tar")} to redo the shard");
        string outDir = OutputFolder(output, what);
        var listed = list is null ? null : FileList.Read(list); // a bad list fails before the folder is made
        Directory.CreateDirectory(outDir);
        var plan = listed is null
            ? Inputs.Plan(inputs, outDir, extensions, outExt, options.FollowSymlinks)
            : listed.Select(f => (f.Path, Path.Combine(outDir, Path.ChangeExtension(f.Key, outExt)))).ToList();
        if (spec is null)
        {
            Inputs.PrepareOutputFolders(plan.Select(p => p.Item2));
            return (plan, options);
        }
        var run = ShardRun.Start(spec.Value, plan, outDir, pack is not null, redo: force);
        // Finished files are skipped by the run (not by the guard): a file a killed run wrote but never logged is redone in place.
        return (run.Plan, options with { Existing = ExistingOutputs.Replace, Shard = run });
    }

    static int? Count(string? text) => text is null ? null
        : int.TryParse(text, out int n) ? n : throw new LgcException($"--shards '{text}': expected the number of shards, e.g. 4");

    /// <summary>-o must name a folder (the caller creates it): each file's output mirrors its path below it.</summary>
    static string OutputFolder(string? output, string what)
    {
        if (output is null || Stdio.Is(output)) throw new LgcException($"{what} writes into a folder: give -o FOLDER");
        if (File.Exists(output)) throw new LgcException($"{what} writes into a folder, and -o '{output}' is a file");
        return output;
    }
}
