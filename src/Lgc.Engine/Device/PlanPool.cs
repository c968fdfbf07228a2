using Lgc.Tensors;

namespace Lgc.Device;

/// <summary>
/// Plans kept per input shape and reused for every image of that shape; a batch of B images of one
/// shape takes B distinct plans. At most <see cref="MaxShapes"/> shapes are kept: a new shape frees
/// the plans of the least recently used one (a folder of many image sizes does not pile up device memory).
/// Callers hold the device lock.
/// </summary>
internal sealed class PlanPool<TPlan>(Func<Shape, TPlan> create) : IDisposable where TPlan : IDisposable
{
    public const int MaxShapes = 8;

    readonly Dictionary<Shape, (List<TPlan> Plans, long LastUse)> _pool = [];
    long _clock;

    public int Shapes => _pool.Count;

    /// <summary>One plan per shape in <paramref name="shapes"/>, distinct within the call.</summary>
    public List<TPlan> Take(IEnumerable<Shape> shapes)
    {
        long now = ++_clock;
        var used = new Dictionary<Shape, int>();
        var plans = new List<TPlan>();
        foreach (var s in shapes)
        {
            if (!_pool.TryGetValue(s, out var entry))
            {
                Evict(now);
                entry = ([], now);
            }
            _pool[s] = (entry.Plans, now);
            int k = used.GetValueOrDefault(s);
            if (k == entry.Plans.Count) entry.Plans.Add(create(s));
            plans.Add(entry.Plans[k]);
            used[s] = k + 1;
        }
        return plans;
    }

    /// <summary>Frees the least recently used shape's plans when the pool is full (never one used in the current call).</summary>
    void Evict(long now)
    {
        if (_pool.Count < MaxShapes) return;
        var victim = _pool.Where(e => e.Value.LastUse != now).OrderBy(e => e.Value.LastUse).Select(e => (Shape?)e.Key).FirstOrDefault();
        if (victim is not { } v) return;
        foreach (var p in _pool[v].Plans) p.Dispose();
        _pool.Remove(v);
    }

    public void Dispose()
    {
        foreach (var p in _pool.Values.SelectMany(e => e.Plans)) p.Dispose();
        _pool.Clear();
    }
}
