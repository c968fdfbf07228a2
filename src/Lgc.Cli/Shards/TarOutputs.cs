namespace Lgc.Cli.Shards;

/// <summary>--pack tar: a shard's outputs as entries of its tar, named by their path relative to the output folder.</summary>
sealed class TarOutputs(TarShard tar, string outDir) : IDisposable
{
    readonly object _lock = new();

    public string TarPath => tar.Path;

    /// <summary>The entry name of an output path: relative to the output folder, '/'-separated.</summary>
    public string NameOf(string output) => Path.GetRelativePath(outDir, Path.GetFullPath(output)).Replace('\\', '/');

    public bool Contains(string output)
    {
        lock (_lock) return tar.Names.Contains(NameOf(output));
    }

    /// <summary>Appends an entry; one already there (packed by a run killed before its manifest line; the codec is
    /// deterministic) is kept, not doubled.</summary>
    public void Add(string output, byte[] bytes)
    {
        string name = NameOf(output);
        lock (_lock)
        {
            if (!tar.Names.Contains(name)) tar.Add(name, bytes);
        }
    }

    public void Dispose() => tar.Dispose();
}
