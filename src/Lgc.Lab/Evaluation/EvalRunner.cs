using System.Diagnostics;
using Lgc.Imaging;

namespace Lgc.Lab.Evaluation;

/// <summary>
/// A model under evaluation; Name labels its rows (the weight file's stem). Reference: a non-generative
/// scale-hyperprior model, evaluated on its decoded pixels only (family "hyperprior").
/// </summary>
internal sealed record EvalModel(string Name, LgcCodec Codec, bool Reference = false);

internal sealed class EvalOptions
{
    public required IReadOnlyList<EvalModel> Models { get; init; }
    /// <summary>The RGB-input heads that analyse every pixel input (decoded, classic codecs, original), so the inputs are compared with one analyser.</summary>
    public LgcCodec? RgbAnalyzer { get; init; }
    public IReadOnlyList<int> Ladder { get; init; } = [1, 5, 10, 20, 40, 70];
    public bool Matched { get; init; } = true;
    /// <summary>The classic codecs: their ladders, and their matched rows when Matched. Default: ImageSharp's JPEG and WebP.</summary>
    public IReadOnlyList<ClassicCodec> Classic { get; init; } = [ClassicCodec.Jpeg, ClassicCodec.WebP];
    public IFeatureMetric? Feature { get; init; }
}

/// <summary>
/// Runs every method on every image, skipping (image, method) rows already in the store. Per image and model the
/// encoder runs once and the decoder once; the decoded image serves PSNR, MS-SSIM, features and the RGB heads.
/// </summary>
internal sealed class EvalRunner(EvalSet set, EvalOptions opt, ResultsStore store, FeatureStore? features)
{
    public IReadOnlyList<EvalMethod> Methods { get; } = EvalMethod.Plan(opt.Models.Select(m => m.Name).ToList(), opt.Ladder, opt.Matched,
        original: opt.Feature != null || (opt.RgbAnalyzer != null && (set.HasMasks || set.HasAttributes)), opt.Models.Select(m => m.Reference).ToList(), opt.Classic);

    bool Machine => set.HasMasks || set.HasAttributes;

    /// <summary>Failures as "file: message" (the image's rows are not written, so a rerun retries it).</summary>
    public List<string> Failures { get; } = [];
    public int RowsWritten { get; private set; }
    public int ImagesSkipped { get; private set; }

    public void Run(Action<EvalItem>? done = null)
    {
        bool warm = false;
        foreach (var item in set.Items)
        {
            var todo = Methods.Where(m => !store.Has(item.Id, m.Name) || (opt.Feature != null && NeedsFeature(m) && !features!.Has(item.Id, m.Name))).ToList();
            if (todo.Count == 0) ImagesSkipped++;
            else
            {
                if (!warm) { WarmUp(); warm = true; }
                try { RunImage(item, todo); }
                catch (Exception e) when (e is LgcException or IOException) { Failures.Add($"{item.ImagePath}: {e.Message}"); }
            }
            done?.Invoke(item);
        }
    }

    /// <summary>One pass over an image of the set's size first, so JIT compilation and first-touch costs stay out of the per-image timings.</summary>
    void WarmUp()
    {
        var img = new RgbImage(set.Width, set.Height);
        for (int i = 0; i < img.Pixels.Length; i++) img.Pixels[i] = (byte)(i * 37 % 251);
        foreach (var (_, codec, _) in opt.Models)
        {
            var bytes = codec.Compress(img).Bytes;
            codec.Decompress(bytes);
            if (codec.Model.LatentHeads != null) FaceAnalyzer.FromLgc(codec, bytes);
        }
        if (opt.RgbAnalyzer != null) FaceAnalyzer.FromImage(opt.RgbAnalyzer, img);
    }

    static bool NeedsFeature(EvalMethod m) => m.Family != "lgc-latents";

    void RunImage(EvalItem item, List<EvalMethod> todo)
    {
        var img = set.LoadImage(item);
        var truth = new Truth(set.HasMasks ? set.LoadMask(item) : null, item.Attributes);
        var pending = new List<EvalRow>(); // written together at the end: an image fails whole or is recorded whole
        var feats = new List<(string, float[])>();
        var classic = new List<Func<(EvalRow, RgbImage?)>>(); // baseline encodes, run in parallel after the models
        double pixels = (double)img.Width * img.Height;

        // Scores one decoded pixel input: fidelity, then the RGB heads (lgc rows always run them when there are some:
        // their time is the decode-then-analyse side of the timing), then features.
        void Pixels(EvalRow row, RgbImage decoded, double extraMs = 0, (double Psnr, double MsSsim)? fidelity = null)
        {
            var (psnr, msssim) = fidelity ?? (ImageMetrics.Psnr(img, decoded), ImageMetrics.MsSsim(img, decoded));
            var sw = Stopwatch.StartNew();
            var a = opt.RgbAnalyzer != null && (Machine || row.Family == "lgc") ? FaceAnalyzer.FromImage(opt.RgbAnalyzer, decoded) : null;
            double ms = extraMs + sw.Elapsed.TotalMilliseconds;
            pending.Add(truth.Score(row, Machine ? a : null) with { Psnr = psnr, MsSsim = msssim, Ms = ms });
            if (opt.Feature != null) feats.Add((row.Method, opt.Feature.Extract(decoded)));
        }

        for (int mi = 0; mi < opt.Models.Count; mi++)
        {
            var mine = todo.Where(m => m.Model == mi).ToList();
            if (mine.Count == 0) continue;
            var codec = opt.Models[mi].Codec;
            var res = codec.Compress(img);
            foreach (var m in mine)
            {
                var row = new EvalRow { Image = item.Id, Method = m.Name, Family = m.Family };
                switch (m.Family)
                {
                    case "lgc" or EvalMethod.Reference: // the reference codec is measured exactly like ours: whole file, decode, pixels
                    {
                        var sw = Stopwatch.StartNew();
                        var decoded = codec.Decompress(res.Bytes);
                        double decodeMs = sw.Elapsed.TotalMilliseconds;
                        Pixels(row with { Bytes = res.Bytes.Length, HeaderBytes = res.HeaderBytes, PayloadBytes = res.Bytes.Length - res.HeaderBytes, Bpp = res.Bpp },
                            decoded, decodeMs);
                        break;
                    }
                    case "lgc-latents":
                    {
                        long baseBytes = res.HeaderBytes + res.HyperBytes + res.LatentBytes;
                        row = row with { Bytes = baseBytes, HeaderBytes = res.HeaderBytes, PayloadBytes = res.HyperBytes + res.LatentBytes, Bpp = baseBytes * 8 / pixels };
                        var sw = Stopwatch.StartNew();
                        FaceAnalysis? a = null;
                        if (codec.Model.LatentHeads != null) a = FaceAnalyzer.FromLgc(codec, res.Bytes);
                        else codec.DecodeBase(res.Bytes); // no heads: the time of the entropy decode alone
                        row = row with { Ms = sw.Elapsed.TotalMilliseconds };
                        pending.Add(Machine && a != null ? truth.Score(row, a) : row);
                        break;
                    }
                    default: // a classic codec at the .lgc file's bytes
                    {
                        var c = m.Codec!;
                        long target = res.Bytes.Length;
                        classic.Add(() =>
                        {
                            var hit = c.AtMostBytes(img, target);
                            if (hit == null) return (row with { Status = "cannot_reach", Bytes = target }, null);
                            var (q, file, _) = hit.Value;
                            return (row with { Quality = q, Bytes = file.Length, PayloadBytes = file.Length, Bpp = file.Length * 8 / pixels },
                                c.Decode(file, $"{c.Name} q{q} of {item.Id}"));
                        });
                        break;
                    }
                }
            }
        }
        foreach (var m in todo.Where(m => m.Model < 0))
        {
            var row = new EvalRow { Image = item.Id, Method = m.Name, Family = m.Family, Quality = m.Quality };
            if (m.Family == "original") { classic.Add(() => (row with { Bytes = (long)pixels * 3, PayloadBytes = (long)pixels * 3, Bpp = 24 }, img)); continue; }
            var c = m.Codec!;
            classic.Add(() =>
            {
                var file = c.Encode(img, m.Quality);
                return (row with { Bytes = file.Length, PayloadBytes = file.Length, Bpp = file.Length * 8 / pixels }, c.Decode(file, $"{c.Name} q{m.Quality} of {item.Id}"));
            });
        }
        // Encodes, decodes and fidelity metrics of the baselines are independent: spread them over the cores. The
        // heads run afterwards, one at a time, as the models did (the timed rows above never overlap this work).
        var done = new (EvalRow Row, RgbImage? Img, double Psnr, double MsSsim)[classic.Count];
        try
        {
            Parallel.For(0, classic.Count, i =>
            {
                var (row, dec) = classic[i]();
                // The original against itself carries no fidelity information (PSNR would be the 120 dB floor).
                done[i] = dec == null || row.Family == "original" ? (row, dec, double.NaN, double.NaN) : (row, dec, ImageMetrics.Psnr(img, dec), ImageMetrics.MsSsim(img, dec));
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is LgcException or IOException))
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        foreach (var (row, dec, psnr, msssim) in done)
        {
            if (dec == null) pending.Add(row);
            else Pixels(row, dec, 0, (psnr, msssim));
        }
        foreach (var r in pending)
            if (!store.Has(r.Image, r.Method)) { store.Append(r); RowsWritten++; }
        foreach (var (method, f) in feats)
            if (!features!.Has(item.Id, method)) features.Add(item.Id, method, f);
    }

    /// <summary>Ground truth of one image; turns a prediction into the per-image counts of a row.</summary>
    sealed record Truth(byte[]? Mask, bool?[]? Attributes)
    {
        public EvalRow Score(EvalRow row, FaceAnalysis? a)
        {
            if (a == null) return row;
            if (Mask != null)
            {
                var (inter, union, correct) = ParsingStats.Count(a.Mask, Mask);
                row = row with { Inter = inter, Union = union, PixCorrect = correct, PixTotal = Mask.Length };
            }
            if (Attributes != null)
                row = row with { AttrPred = new string(Enumerable.Range(0, AttributeStats.Count).Select(k => a.Label(k) ? '1' : '0').ToArray()) };
            return row;
        }
    }
}
