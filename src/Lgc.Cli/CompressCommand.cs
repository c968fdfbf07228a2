using System.CommandLine;

namespace Lgc.Cli;

static class CompressCommand
{
    public static Command Create()
    {
        var inputs = CommonOptions.Inputs("images (PNG, JPEG, ...) or folders of images");
        var output = CommonOptions.Output();
        var model = CommonOptions.Model();
        var backend = CommonOptions.Backend();
        var allowTruncated = CommonOptions.AllowTruncated();
        var batch = new BatchFlags();
        var rate = new Option<string>("--rate", "-r")
        {
            Description = "bundled rate point (weights/lgc-<rate>.safetensors)",
            DefaultValueFactory = _ => ModelLocator.DefaultRate,
        };
        var cmd = new Command("compress", "compress images into .lgc files") { inputs, output, model, rate, backend, allowTruncated };
        batch.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var options = batch.Read(r);
            var plan = Inputs.Plan(r.GetValue(inputs)!, r.GetValue(output), [".png", ".jpg", ".jpeg", ".bmp", ".tga", ".webp", ".tif", ".tiff", ".gif"], ".lgc",
                options.FollowSymlinks);
            string modelPath = ModelLocator.ForCompress(r.GetValue(model), r.GetValue(rate)!);
            using var codecs = new CodecCache(r.GetValue(backend)!);
            codecs.Get(modelPath); // a bad model fails once, before the files
            return Batch.Run(plan, "compress", options, f =>
            {
                f.Claim(f.Output);
                var img = ImageInput.Load(f, r.GetValue(allowTruncated));
                var res = codecs.Get(modelPath, f.Cancelled).Compress(img);
                f.BeforeWrite();
                Formats.AtomicFile.WriteAllBytes(f.Output, res.Bytes, f.Overwrite);
                return $"{f.Output}: {res.Bytes.Length} bytes, {res.Bpp:F4} bpp";
            }, codecs.Retire);
        });
        return cmd;
    }
}
