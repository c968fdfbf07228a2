using Lgc.Formats;

namespace Lgc.Cli.Shards;

/// <summary>One shard's run: the files it owns (<see cref="ShardSpec.Owns"/> of the output's path below the folder),
/// what earlier runs finished, its manifest and, with --pack tar, its tar. A file counts as done when its output is
/// there (atomic write, or a tar entry) and some manifest-*.jsonl of the folder logged it ok or skipped; so a rerun
/// after a kill, or with another shard count, redoes only what is missing or was never logged.</summary>
sealed class ShardRun : IDisposable
{
    readonly string _outDir;
    readonly bool _redo;
    readonly ShardManifest _manifest;
    readonly Dictionary<string, ManifestEntry> _done;

    public List<(string Input, string Output)> Plan { get; }
    public TarOutputs? Pack { get; }

    ShardRun(string outDir, bool redo, List<(string, string)> plan, Dictionary<string, ManifestEntry> done, ShardManifest manifest, TarOutputs? pack)
    {
        (_outDir, _redo, Plan, _done, _manifest, Pack) = (outDir, redo, plan, done, manifest, pack);
    }

    /// <param name="redo">--force: redo finished files too</param>
    public static ShardRun Start(ShardSpec spec, List<(string Input, string Output)> all, string outDir, bool pack, bool redo)
    {
        var owned = all.Where(p => spec.Owns(NameOf(outDir, p.Output))).ToList();
        if (!pack) Inputs.PrepareOutputFolders(owned.Select(p => p.Output));
        var done = Finished(outDir); // before our manifest is opened (it trims a torn last line)
        var manifest = new ShardManifest(Path.Combine(outDir, $"manifest-{spec}.jsonl"));
        var tar = pack ? new TarOutputs(new TarShard(Path.Combine(outDir, $"shard-{spec}.tar")), outDir) : null;
        Console.Error.WriteLine($"lgc: shard {spec}: {owned.Count} of {all.Count} files; manifest {manifest.Path}" +
                                (tar is null ? "" : $", tar {tar.TarPath}"));
        return new ShardRun(outDir, redo, owned, done, manifest, tar);
    }

    /// <summary>Whether an earlier run finished this output (it is skipped).</summary>
    public bool IsDone(string output) =>
        !_redo && _done.ContainsKey(Logged(output)) && (Pack?.Contains(output) ?? FileKinds.Of(output) == FileKind.Regular);

    /// <summary>Appends the file's line to the manifest (flushed: a kill loses at most the file in progress).</summary>
    public void Record((string Input, string Output) p, FileReport r)
    {
        string output = Logged(p.Output);
        var earlier = r.Status == "skipped" ? _done.GetValueOrDefault(output) : null;
        string status = r.Status switch { "ok" => "ok", "skipped" => "skipped", _ => "error" };
        _manifest.Append(new ManifestEntry(p.Input, output, r.Bytes ?? earlier?.Bytes ?? 0, r.Bpp ?? earlier?.Bpp,
            r.ModelId ?? earlier?.ModelId, status, r.Error, r.Ms ?? 0));
    }

    /// <summary>The manifest's name for an output: its path below the folder; in a tar, TAR/NAME.</summary>
    string Logged(string output) =>
        Pack is null ? NameOf(_outDir, output) : $"{Path.GetFileName(Pack.TarPath)}/{Pack.NameOf(output)}";

    static string NameOf(string outDir, string output) =>
        Path.GetRelativePath(Path.GetFullPath(outDir), Path.GetFullPath(output)).Replace('\\', '/');

    /// <summary>Outputs that a manifest of the folder logged ok or skipped, by the manifest's name for them.</summary>
    static Dictionary<string, ManifestEntry> Finished(string outDir)
    {
        var done = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(outDir, "manifest-*-of-*.jsonl"))
            foreach (var e in ShardManifest.Read(file))
                if (e.Status is "ok" || (e.Status is "skipped" && !done.ContainsKey(e.Output))) done[e.Output] = e;
        return done;
    }

    public void Dispose()
    {
        _manifest.Dispose();
        Pack?.Dispose();
    }
}
