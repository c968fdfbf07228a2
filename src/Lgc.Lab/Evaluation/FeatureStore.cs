using System.Runtime.InteropServices;

namespace Lgc.Lab.Evaluation;

/// <summary>Per-(image, method) feature vectors in features.tsv (append-only like per_image.csv), so a restarted run keeps them.</summary>
internal sealed class FeatureStore
{
    readonly string _path;
    readonly Dictionary<(string, string), float[]> _v = new();

    public FeatureStore(string path, bool restart)
    {
        _path = path;
        if (restart && File.Exists(path)) File.Delete(path);
        if (!File.Exists(path)) return;
        foreach (var line in ResultsStore.ReadCompleteLines(path))
        {
            var c = line.Split('\t');
            if (c.Length != 3) continue;
            try { _v[(c[0], c[1])] = MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(c[2])).ToArray(); }
            catch (FormatException) { } // a damaged line only loses that feature; it is recomputed never, FD counts say so
        }
    }

    public bool Has(string image, string method) => _v.ContainsKey((image, method));
    public float[]? Get(string image, string method) => _v.GetValueOrDefault((image, method));

    public void Add(string image, string method, float[] f)
    {
        ResultsStore.AppendLine(_path, $"{image}\t{method}\t{Convert.ToBase64String(MemoryMarshal.AsBytes(f.AsSpan()))}");
        _v[(image, method)] = f;
    }
}
