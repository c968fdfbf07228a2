namespace Lgc.Lab.Evaluation;

/// <summary>
/// Face parsing scores accumulated over a whole set, as tools/lgc/heads.py evaluate does: per-class intersection and
/// union summed over all images, IoU per class where the union is non-empty, mIoU the mean over those classes.
/// </summary>
internal sealed class ParsingStats
{
    public const int Classes = 19;
    public long[] Intersection { get; } = new long[Classes];
    public long[] Union { get; } = new long[Classes];
    public long Correct { get; private set; }
    public long Total { get; private set; }

    /// <summary>Per-image counts (what the per-image CSV stores so a restarted run can rebuild the sums).</summary>
    public static (long[] Inter, long[] Union, long Correct) Count(ReadOnlySpan<byte> pred, ReadOnlySpan<byte> truth)
    {
        if (pred.Length != truth.Length) throw new ArgumentException($"mask sizes differ: {pred.Length} vs {truth.Length} pixels");
        var inter = new long[Classes]; var union = new long[Classes];
        var pc = new long[Classes]; var tc = new long[Classes];
        long correct = 0;
        for (int i = 0; i < pred.Length; i++)
        {
            int p = pred[i], t = truth[i];
            pc[p]++; tc[t]++;
            if (p == t) { inter[p]++; correct++; }
        }
        for (int c = 0; c < Classes; c++) union[c] = pc[c] + tc[c] - inter[c];
        return (inter, union, correct);
    }

    public void Add(long[] inter, long[] union, long correct, long total)
    {
        for (int c = 0; c < Classes; c++) { Intersection[c] += inter[c]; Union[c] += union[c]; }
        Correct += correct;
        Total += total;
    }

    /// <summary>IoU of class c, NaN when the class never occurs in prediction or truth.</summary>
    public double Iou(int c) => Union[c] == 0 ? double.NaN : (double)Intersection[c] / Union[c];

    public double MeanIou(bool withBackground = true)
    {
        var v = Enumerable.Range(withBackground ? 0 : 1, withBackground ? Classes : Classes - 1).Select(Iou).Where(double.IsFinite).ToArray();
        return v.Length == 0 ? double.NaN : v.Average();
    }

    public double PixelAccuracy => Total == 0 ? double.NaN : (double)Correct / Total;
}

/// <summary>
/// Attribute scores: mean accuracy over all known labels (as tools/lgc/heads.py), and balanced accuracy, the mean
/// over attributes of (TPR + TNR) / 2, where an attribute with only one class present uses that class's rate alone.
/// Unknown labels (null) are skipped.
/// </summary>
internal sealed class AttributeStats
{
    public const int Count = 40;
    readonly long[] _tp = new long[Count], _tn = new long[Count], _pos = new long[Count], _neg = new long[Count];

    public void Add(ReadOnlySpan<bool> predicted, bool?[] truth)
    {
        if (predicted.Length != Count || truth.Length != Count) throw new ArgumentException("40 attributes expected");
        for (int k = 0; k < Count; k++)
        {
            if (truth[k] is not bool t) continue;
            if (t) { _pos[k]++; if (predicted[k]) _tp[k]++; }
            else { _neg[k]++; if (!predicted[k]) _tn[k]++; }
        }
    }

    public long Known => _pos.Sum() + _neg.Sum();

    public double MeanAccuracy => Known == 0 ? double.NaN : (double)(_tp.Sum() + _tn.Sum()) / Known;

    public double Accuracy(int k) => _pos[k] + _neg[k] == 0 ? double.NaN : (double)(_tp[k] + _tn[k]) / (_pos[k] + _neg[k]);

    public double Balanced(int k)
    {
        if (_pos[k] == 0 && _neg[k] == 0) return double.NaN;
        if (_pos[k] == 0) return (double)_tn[k] / _neg[k];
        if (_neg[k] == 0) return (double)_tp[k] / _pos[k];
        return ((double)_tp[k] / _pos[k] + (double)_tn[k] / _neg[k]) / 2;
    }

    public double BalancedAccuracy
    {
        get
        {
            var v = Enumerable.Range(0, Count).Select(Balanced).Where(double.IsFinite).ToArray();
            return v.Length == 0 ? double.NaN : v.Average();
        }
    }
}
