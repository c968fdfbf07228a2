using System.Diagnostics;
using Lgc.Formats;
using Lgc.Imaging;
using Lgc.Model;
using Lgc.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Tensor = Lgc.Model.Tensor;

namespace Lgc.Bench;

/// <summary>
/// bench --vs-ort [WEIGHTS] [--onnx DIR] [--runs N]: the engine's CPU networks against ONNX Runtime on the same
/// weights (tools/export_onnx.py), one stage at a time, alternating engine and ORT runs in this process at 256².
/// Whole compress/decompress: the engine's LgcCodec end to end vs ORT's networks plus our range coder (timed alone).
/// Ends with "ratio compress=X decompress=Y" (ORT time / Lgc time).
/// </summary>
public static class VsOrt
{
    const int Size = 256;

    public static int Run(string[] args, TextWriter o)
    {
        string weights = "weights/lgc-low.safetensors";
        string? onnxDir = null;
        int runs = 25;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--onnx" && i + 1 < args.Length) onnxDir = args[++i];
            else if (args[i] == "--runs" && i + 1 < args.Length) runs = Math.Max(20, int.Parse(args[++i]));
            else if (!args[i].StartsWith("--")) weights = args[i];
            else throw new LgcException($"unknown option '{args[i]}' (use: --vs-ort [WEIGHTS] [--onnx DIR] [--runs N])");
        }
        if (!File.Exists(weights)) throw new LgcException($"weight file '{weights}' does not exist");
        string? tmp = null;
        if (onnxDir is null) onnxDir = tmp = Export(weights);
        try { Compare(weights, onnxDir, runs, o); }
        finally { if (tmp is not null) Directory.Delete(tmp, recursive: true); }
        return 0;
    }

    /// <summary>Runs tools/export_onnx.py (Debian's python3 with torch) into a temporary folder.</summary>
    static string Export(string weights)
    {
        var script = FindUp(Path.Combine("tools", "export_onnx.py"))
            ?? throw new LgcException("tools/export_onnx.py not found above the current folder (pass --onnx DIR)");
        var dir = Directory.CreateTempSubdirectory("lgc-vs-ort-").FullName;
        var p = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, weights, dir]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new LgcException($"export_onnx.py failed ({p.ExitCode}): {err.Trim().Split('\n')[^1]}");
        return dir;
    }

    static string? FindUp(string rel)
    {
        for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, rel))) return Path.Combine(d.FullName, rel);
        return null;
    }

    static InferenceSession Session(string dir, string net)
    {
        var so = new SessionOptions { IntraOpNumThreads = 2, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        so.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        var path = Path.Combine(dir, net + ".onnx");
        if (!File.Exists(path)) throw new LgcException($"ONNX file '{path}' does not exist");
        return new InferenceSession(path, so);
    }

    static NamedOnnxValue Nchw(string name, float[] d, Shape s) => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(d, [1, s.C, s.H, s.W]));

    static void RunOrt(InferenceSession s, params NamedOnnxValue[] inputs)
    {
        using var r = s.Run(inputs);
        _ = r.First().AsTensor<float>().Length; // outputs materialised
    }

    sealed record Row(string Stage, long Macs, double LgcMs, double OrtMs);

    static void Compare(string weights, string onnxDir, int runs, TextWriter o)
    {
        var model = LgcModel.Load(weights, Backends.Create("cpu"));
        using var codec = new LgcCodec(model, deviceResident: false);
        var c = model.Config;
        var rnd = new Random(1);
        var pixels = new byte[Size * Size * 3];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(96 + (i * 7 + rnd.Next(64)) % 128); // synthetic, textured
        var image = new RgbImage(Size, Size, pixels);
        var xs = new Shape(3, Size, Size);
        var x = new Tensor(image.ToPlanar(Size, Size), xs);

        // Realistic stage inputs: the engine's own intermediate tensors on this image.
        var trace = codec.Trace(x, decode: false);
        var y = trace.Y; var z = trace.Z;
        var zHat = trace.ZHat;
        var zf = zHat.Select(v => (float)v).ToArray();
        var yHat = trace.YHat;
        var style = trace.StyleHat?.Select(v => (float)v).ToArray() ?? [];
        var symbols = codec.EncodeSymbols(image);
        var file = codec.Compress(image).Bytes;
        var lf = codec.Open(file, baseOnly: false);

        using var ga = Session(onnxDir, "g_a");
        using var ha = Session(onnxDir, "h_a");
        using var hs = Session(onnxDir, "h_s");
        using var gs = Session(onnxDir, "g_s");
        using var ta = c.HasTexture ? Session(onnxDir, "t_a") : null;
        var gsInputs = c.HasTexture
            ? new[] { Nchw("y_hat", yHat.Data, yHat.Shape), NamedOnnxValue.CreateFromTensor("s_hat", new DenseTensor<float>(style, [1, style.Length])) }
            : new[] { Nchw("y_hat", yHat.Data, yHat.Shape) };

        var rows = new List<Row>
        {
            Pair("g_a", model.Analysis.Macs(xs), () => model.Analysis.Run(x), () => RunOrt(ga, Nchw("x", x.Data, xs)), runs),
            Pair("h_a", model.HyperAnalysis.Macs(y.Shape), () => model.HyperAnalysis.Run(y), () => RunOrt(ha, Nchw("y", y.Data, y.Shape)), runs),
            Pair("h_s", model.HyperSynthesis.Macs(z.Shape), () => model.HyperSynthesis.Run(zHat, z.Shape), () => RunOrt(hs, Nchw("z_hat", zf, z.Shape)), runs),
        };
        if (c.HasTexture)
            rows.Add(Pair("t_a", model.TextureConvs!.Macs(xs) + (long)c.N * c.S, () => model.TextureCode(x), () => RunOrt(ta!, Nchw("x", x.Data, xs)), runs));
        rows.Add(Pair("g_s", model.Generator.Macs(yHat.Shape), () => model.Generator.Run(yHat, style), () => RunOrt(gs, gsInputs), runs));
        // The range coder is ours on both sides: timed once, added to ORT's networks.
        double enc = Median(() => codec.Pack(image, symbols), runs);
        double dec = Median(() => { codec.DecodeZ(lf); codec.DecodeY(lf, symbols.ScaleIndex); }, runs);
        var tc = new List<double>(); var td = new List<double>();
        for (int i = 0; i < 5; i++) { codec.Compress(image); codec.Decompress(file); }
        for (int i = 0; i < runs; i++) { tc.Add(Time(() => codec.Compress(image))); td.Add(Time(() => codec.Decompress(file))); }
        double lgcCompress = Med(tc), lgcDecompress = Med(td);
        // The same h_s on its int64 path (the kernels before the int32 path), alternating with the int32 one.
        var hs64 = Pair("h_s", 0, () => model.HyperSynthesis.Run(zHat, z.Shape), () =>
        {
            FixedPointConv.ForceInt64 = true;
            try { model.HyperSynthesis.Run(zHat, z.Shape); } finally { FixedPointConv.ForceInt64 = false; }
        }, runs);
        double St(string n) => rows.FirstOrDefault(r => r.Stage == n)?.OrtMs ?? 0;
        double ortCompress = St("g_a") + St("h_a") + St("h_s") + St("t_a") + enc;
        double ortDecompress = St("h_s") + St("g_s") + dec;
        long macsC = rows.Where(r => r.Stage is "g_a" or "h_a" or "h_s" or "t_a").Sum(r => r.Macs);
        long macsD = rows.Where(r => r.Stage is "h_s" or "g_s").Sum(r => r.Macs);

        o.WriteLine($"# bench --vs-ort {Path.GetFileName(weights)} at {Size}x{Size}, {runs} timed runs each (medians), " +
                    $"ORT {OrtVersion()} intra-op 2 / inter-op 1 / no spinning, engine 'cpu' backend, {Environment.ProcessorCount} cores");
        o.WriteLine($"{"stage",-12}{"GMAC",8}{"Lgc ms",10}{"GFLOP/s",9}{"ORT ms",10}{"GFLOP/s",9}{"ORT/Lgc",9}");
        foreach (var r in rows) Line(o, r.Stage, r.Macs, r.LgcMs, r.OrtMs);
        o.WriteLine($"# h_s: int32 path {hs64.LgcMs:F2} ms, int64 path {hs64.OrtMs:F2} ms: {hs64.OrtMs / hs64.LgcMs:F1}x (the same integers)");
        o.WriteLine($"{"coder enc",-12}{"",8}{enc,10:F2}{"",9}{enc,10:F2}{"",9}{"(ours both)",12}");
        o.WriteLine($"{"coder dec",-12}{"",8}{dec,10:F2}{"",9}{dec,10:F2}{"",9}{"(ours both)",12}");
        Line(o, "compress", macsC, lgcCompress, ortCompress);
        Line(o, "decompress", macsD, lgcDecompress, ortDecompress);
        o.WriteLine("# Lgc compress/decompress: LgcCodec end to end (pad, networks, coder, container). ORT: sum of its stage medians + our coder.");
        o.WriteLine($"ratio compress={ortCompress / lgcCompress:F2} decompress={ortDecompress / lgcDecompress:F2}");
    }

    static string OrtVersion() => typeof(InferenceSession).Assembly.GetName().Version?.ToString(3) ?? "?";

    static void Line(TextWriter o, string stage, long macs, double lgc, double ort) =>
        o.WriteLine($"{stage,-12}{macs / 1e9,8:F3}{lgc,10:F2}{2 * macs / (lgc * 1e6),9:F1}{ort,10:F2}{2 * macs / (ort * 1e6),9:F1}{ort / lgc,9:F2}");

    /// <summary>Warm-up (at least 5 runs each, more until the last 5 engine runs agree within 10%), then alternating timed runs.</summary>
    static Row Pair(string stage, long macs, Action lgc, Action ort, int runs)
    {
        var warm = new List<double>();
        for (int i = 0; i < 40; i++)
        {
            warm.Add(Time(lgc)); ort();
            if (i >= 4)
            {
                var last = warm.TakeLast(5).ToList();
                if (last.Max() <= 1.1 * last.Min()) break;
            }
        }
        var a = new List<double>(); var b = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            if (i % 2 == 0) { a.Add(Time(lgc)); b.Add(Time(ort)); }
            else { b.Add(Time(ort)); a.Add(Time(lgc)); }
        }
        return new(stage, macs, Med(a), Med(b));
    }

    static double Median(Action f, int runs)
    {
        for (int i = 0; i < 5; i++) f();
        var t = new List<double>();
        for (int i = 0; i < runs; i++) t.Add(Time(f));
        return Med(t);
    }

    static double Time(Action f)
    {
        long t0 = Stopwatch.GetTimestamp();
        f();
        return Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
    }

    static double Med(List<double> v)
    {
        var s = v.OrderBy(t => t).ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }
}
