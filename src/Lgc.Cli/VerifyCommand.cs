using System.CommandLine;
using Lgc.Formats;
using Lgc.Imaging;
using Lgc.Tensors;

namespace Lgc.Cli;

/// <summary>
/// Checks the engine against PyTorch's decode of the same model (tools/kodak_parity.py output):
/// symbols must be bit-identical, and the decoded image close (PSNR ≥ 50 dB).
/// </summary>
static class VerifyCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("image") { Description = "the image PyTorch coded" };
        var symbols = new Option<string>("--symbols") { Description = "symbols file written by tools/kodak_parity.py", Required = true };
        var torchPng = new Option<string>("--torch-png") { Description = "PyTorch's reconstruction written by tools/kodak_parity.py", Required = true };
        var model = CommonOptions.Model();
        var backend = CommonOptions.Backend();
        var json = CommonOptions.Json("image");
        var threads = CommonOptions.Threads();
        var cmd = new Command("verify", "compare the engine with PyTorch on one image (symbols and reconstruction)") { image, symbols, torchPng, model, backend, json, threads };
        cmd.SetAction(r =>
        {
            ThreadLimit.FromOption(r, threads);
            bool asJson = r.GetValue(json);
            var people = asJson ? Console.Error : Console.Out; // with --json, stdout carries only the JSON object
            using var codec = CodecLoader.Load(ModelLocator.ForCompress(r.GetValue(model), ModelLocator.DefaultRate), r.GetValue(backend)!);
            var img = ImageIo.Load(r.GetValue(image)!);
            var sym = SafeTensorsFile.Load(r.GetValue(symbols)!);
            int pw = RgbImage.PadTo64(img.Width), ph = RgbImage.PadTo64(img.Height);
            var t = codec.Trace(new Model.Tensor(img.ToPlanar(pw, ph), new Shape(3, ph, pw)), decode: false);
            var differ = new Dictionary<string, int>
            {
                ["z_hat"] = Mismatches(people, "z_hat", sym.GetInt32("z_hat"), t.ZHat),
                ["y_sym"] = Mismatches(people, "y_sym", sym.GetInt32("y_sym"), t.YSym),
            };
            if (codec.Config.HasTexture) differ["s_hat"] = Mismatches(people, "s_hat", sym.GetInt32("s_hat"), t.StyleHat!);
            int bad = differ.Values.Sum();

            var res = codec.Compress(img);
            var decoded = codec.Decompress(res.Bytes);
            var torch = ImageIo.Load(r.GetValue(torchPng)!);
            double psnr = Psnr(decoded.Pixels, torch.Pixels);
            bool pass = bad == 0 && psnr >= 50;
            people.WriteLine($"{res.Bytes.Length} bytes ({res.Bpp:F4} bpp); symbols differing from PyTorch: {bad}; PSNR engine vs PyTorch decode: {psnr:F2} dB");
            if (asJson)
                Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new VerifyReport(r.GetValue(image)!, codec.Config.Name,
                    Formats.ModelId.ToHex(codec.Model.ModelId), res.Bytes.Length, res.Bpp, differ, double.IsPositiveInfinity(psnr) ? null : psnr,
                    pass ? "ok" : "failed"), CliJson.Default.VerifyReport));
            return pass ? 0 : 1;
        });
        return cmd;
    }

    static int Mismatches(TextWriter people, string name, int[] expected, int[] actual)
    {
        if (expected.Length != actual.Length) throw new LgcException($"{name}: PyTorch has {expected.Length} symbols, the engine {actual.Length}");
        int n = 0;
        for (int i = 0; i < expected.Length; i++) if (expected[i] != actual[i]) n++;
        people.WriteLine($"{name}: {actual.Length} symbols, {n} differ");
        return n;
    }

    static double Psnr(byte[] a, byte[] b)
    {
        if (a.Length != b.Length) throw new LgcException("the two images differ in size");
        double se = 0;
        for (int i = 0; i < a.Length; i++) { double d = a[i] - b[i]; se += d * d; }
        return se == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / (se / a.Length));
    }
}
