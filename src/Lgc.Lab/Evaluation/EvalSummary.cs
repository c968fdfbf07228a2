namespace Lgc.Lab.Evaluation;

/// <summary>One BD-rate: test curve against anchor curve on one quality metric (null percent: Reason says why).</summary>
internal sealed record BdRateResult(string Test, string Anchor, string Metric, double? Percent, string? Reason);

/// <summary>Bits a curve needs to reach a target score (AtMost: its lowest point already does).</summary>
internal sealed record RateNeeded(string Curve, double? Bytes, double? Bpp, bool AtMost);

/// <summary>The paper's table row: for one task, the rate latents and classic-decoded pixels need for the target (SavingVsJpeg: against cjpeg when run, else ImageSharp's JPEG).</summary>
internal sealed record BitsToAccuracy(string Task, double TargetFraction, double Original, double Target,
    IReadOnlyList<RateNeeded> Curves, double? SavingVsRgb, double? SavingVsJpeg, string? Note);

internal sealed record Timing(string Model, double LatentsMs, double DecodeAndRgbMs, double LatentsMedianMs, double DecodeAndRgbMedianMs, int Images);

/// <summary>Everything `lgc eval` reports, computed from the rows in the store (this run's and earlier runs').</summary>
internal sealed class EvalSummary
{
    /// <summary>Images in the set (every mean states its own count beside it).</summary>
    public required int Images { get; init; }
    /// <summary>Images asked for (--limit), which may exceed the set.</summary>
    public required int Requested { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }
    public required IReadOnlyList<MethodSummary> Methods { get; init; }
    public required double TargetFraction { get; init; }
    public IReadOnlyList<BdRateResult> BdRates => _bd ??= BdRatesOf();
    public IReadOnlyList<BitsToAccuracy> Bits => _bits ??= BitsOf(TargetFraction);
    List<BdRateResult>? _bd;
    List<BitsToAccuracy>? _bits;
    public required IReadOnlyList<Timing> Timings { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Methods of a family ordered by rate: the points of its curve.</summary>
    public IReadOnlyList<MethodSummary> Curve(string family) =>
        Methods.Where(m => m.Method.Family == family && m.Images > 0 && double.IsFinite(m.Bpp)).OrderBy(m => m.Bpp).ToList();

    public static EvalSummary Build(EvalSet set, IReadOnlyList<EvalMethod> methods, ResultsStore store, FeatureStore? features,
        IFeatureMetric? fd, double targetFraction = 0.95)
    {
        var truth = set.Items.ToDictionary(i => i.Id, i => i.Attributes);
        var sums = methods.Select(m => MethodSummary.Of(m, set.Items.Select(i => store.Get(i.Id, m.Name)).OfType<EvalRow>().ToList(),
            set.Items.Count, id => truth.GetValueOrDefault(id))).ToList();
        if (fd != null && features != null) AddFd(set, sums, features, fd);
        var warnings = new List<string>();
        if (set.Items.Count < set.Requested) warnings.Add($"{set.Requested} images were asked for (--limit), the set has only {set.Items.Count}");
        foreach (var s in sums.Where(s => s.Images < set.Items.Count))
            warnings.Add($"{s.Method.Name}: means over {s.Images} of {set.Items.Count} images" +
                (s.CannotReach > 0 ? $" ({s.CannotReach} cannot reach the .lgc file's bytes even at the lowest quality)" : "") +
                (s.Images + s.CannotReach < set.Items.Count ? $" ({set.Items.Count - s.Images - s.CannotReach} failed or not run)" : ""));
        return new EvalSummary
        {
            Images = set.Items.Count, Requested = set.Requested, Width = set.Width, Height = set.Height, Methods = sums,
            Timings = TimingsOf(sums), Warnings = warnings, TargetFraction = targetFraction,
        };
    }

    static void AddFd(EvalSet set, List<MethodSummary> sums, FeatureStore features, IFeatureMetric fd)
    {
        foreach (var s in sums.Where(s => s.Method.Family != "lgc-latents" && s.Method.Family != "original"))
        {
            var pairs = set.Items.Select(i => (features.Get(i.Id, "original"), features.Get(i.Id, s.Method.Name)))
                .Where(p => p.Item1 != null && p.Item2 != null).ToList();
            if (pairs.Count < 2) continue;
            s.Fd = fd.Distance(pairs.Select(p => p.Item1!).ToList(), pairs.Select(p => p.Item2!).ToList());
            s.FdImages = pairs.Count;
        }
    }

    static List<Timing> TimingsOf(List<MethodSummary> sums) =>
        sums.Where(s => s.Method.Family == "lgc-latents")
            .Select(l => (l, d: sums.FirstOrDefault(s => s.Method.Family == "lgc" && s.Method.Model == l.Method.Model)))
            .Where(p => p.d != null && p.l.Images > 0)
            .Select(p => new Timing(p.l.Method.Name[(p.l.Method.Name.IndexOf(':') + 1)..], p.l.Ms, p.d!.Ms, p.l.MsMedian, p.d.MsMedian, Math.Min(p.l.Images, p.d.Images)))
            .ToList();

    /// <summary>The classic codecs' ladder families, reference encoders first (the order of the plan).</summary>
    public IReadOnlyList<ClassicCodec> ClassicCodecs =>
        Methods.Where(m => m.Method.Codec != null && m.Method.Family == m.Method.Codec.Name).Select(m => m.Method.Codec!).Distinct().ToList();

    /// <summary>The JPEG curve the bits-to-accuracy savings compare with: libjpeg-turbo's when run, else ImageSharp's.</summary>
    string JpegFamily => ClassicCodecs.Any(c => c.Name == "cjpeg" && Curve("cjpeg").Count > 0) ? "cjpeg" : ClassicCodec.Jpeg.Name;

    List<BdRateResult> BdRatesOf()
    {
        var r = new List<BdRateResult>();
        var classic = ClassicCodecs.Select(c => c.Name).ToList();
        // Every LGC curve (and the non-generative reference) against every anchor, then the classic codecs among themselves.
        var pairs = new[] { "lgc", EvalMethod.Reference }.SelectMany(t => classic.Select(a => (t, a))).ToList();
        pairs.Insert(classic.Count, ("lgc", EvalMethod.Reference)); // the key comparison: the generative layers against the non-generative reference
        foreach (var (t, a) in new[] { ("cwebp", "cjpeg"), ("avif-", "cjpeg"), ("jxl", "cjpeg"), ("webp-imagesharp", "jpeg-imagesharp") })
            foreach (var tt in classic.Where(c => c == t || (t.EndsWith('-') && c.StartsWith(t))))
                if (classic.Contains(a)) pairs.Add((tt, a));
        foreach (var (metric, q) in new (string, Func<MethodSummary, double>)[] { ("psnr-rgb", s => s.Psnr), ("ms-ssim-rgb-db", s => s.MsSsimDb) })
            foreach (var (test, anchor) in pairs)
            {
                var t = Curve(test).Select(s => (s.Bpp, q(s))).ToList();
                var a = Curve(anchor).Select(s => (s.Bpp, q(s))).ToList();
                if (t.Count == 0 || a.Count == 0) continue;
                double? p = BdRate.Compute(a, t, out var reason);
                r.Add(new(test, anchor, metric, p, reason));
            }
        return r;
    }

    /// <summary>When a curve's lowest point already reaches the target, its true rate may be lower: say what that does to the savings.</summary>
    static string? SavingNote(RateNeeded? lat, RateNeeded? jpg)
    {
        var n = new List<string>();
        if (lat is { Bytes: null }) n.Add("the latents never reach the target");
        if (jpg is { Bytes: null }) n.Add("JPEG never reaches the target in the ladder (add higher qualities)");
        bool l = lat is { AtMost: true }, j = jpg is { AtMost: true };
        if (l && j) n.Add("both the latents and JPEG reach the target at their lowest rate point: the saving against JPEG compares those lowest points (JPEG cannot go lower; the latents might), the saving against raw RGB is a lower bound");
        else if (l) n.Add("the latents reach the target at their lowest rate point: their savings are lower bounds");
        else if (j) n.Add("JPEG reaches the target at its lowest ladder quality: the saving against JPEG is an upper bound (add lower qualities if the ladder does not start at 1)");
        return n.Count == 0 ? null : string.Join("; ", n);
    }

    List<BitsToAccuracy> BitsOf(double fraction)
    {
        var original = Methods.FirstOrDefault(m => m.Method.Family == "original");
        var r = new List<BitsToAccuracy>();
        if (original == null) return r;
        double raw = 3.0 * Width * Height;
        foreach (var (task, score) in new (string, Func<MethodSummary, double>)[]
                 { ("parsing mIoU", s => s.MIou), ("attribute accuracy", s => s.AttrAccuracy), ("attribute balanced accuracy", s => s.AttrBalanced) })
        {
            double orig = score(original);
            if (!double.IsFinite(orig)) continue;
            double target = fraction * orig;
            var curves = new List<RateNeeded>();
            foreach (var family in new[] { "lgc-latents", "lgc" }.Concat(ClassicCodecs.Select(c => c.Name)).Append(EvalMethod.Reference))
            {
                var pts = Curve(family).Select(s => (s.Bytes, score(s))).Where(p => double.IsFinite(p.Item2)).ToList();
                if (pts.Count == 0) continue;
                var hit = BdRate.RateToReach(pts, target);
                curves.Add(hit == null ? new(family, null, null, false) : new(family, hit.Value.Rate, hit.Value.Rate * 8 / (Width * (double)Height), hit.Value.AtMost));
            }
            var latC = curves.FirstOrDefault(c => c.Curve == "lgc-latents");
            var jpgC = curves.FirstOrDefault(c => c.Curve == JpegFamily);
            double? lat = latC?.Bytes, jpg = jpgC?.Bytes;
            r.Add(new(task, fraction, orig, target, curves, lat == null ? null : 1 - lat / raw, lat == null || jpg == null ? null : 1 - lat / jpg,
                SavingNote(latC, jpgC)));
        }
        return r;
    }
}
