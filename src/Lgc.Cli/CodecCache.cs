namespace Lgc.Cli;

/// <summary>One loaded codec per weight file for a run. A job abandoned by --file-timeout keeps running on its
/// own thread, so its codecs are retired (disposed when it ends) and later jobs load fresh ones.</summary>
sealed class CodecCache(string backend) : IDisposable
{
    Dictionary<string, LgcCodec> _codecs = [];
    readonly object _lock = new();

    /// <summary>The codec for a weight file; <paramref name="ct"/> is the job's token, so an abandoned job cannot
    /// take a codec from the next jobs.</summary>
    public LgcCodec Get(string path, CancellationToken ct = default)
    {
        lock (_lock)
        {
            ct.ThrowIfCancellationRequested();
            if (!_codecs.TryGetValue(path, out var codec)) _codecs[path] = codec = CodecLoader.Load(path, backend);
            return codec;
        }
    }

    /// <summary>Hands the current codecs to the abandoned job: they are disposed when it ends.</summary>
    public void Retire(Task abandoned)
    {
        Dictionary<string, LgcCodec> old;
        lock (_lock) { old = _codecs; _codecs = []; }
        abandoned.ContinueWith(_ => { foreach (var c in old.Values) c.Dispose(); }, TaskScheduler.Default);
    }

    public void Dispose()
    {
        lock (_lock) { foreach (var c in _codecs.Values) c.Dispose(); _codecs.Clear(); }
    }
}
