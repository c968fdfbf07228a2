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
        var rate = new Option<string>("--rate", "-r")
        {
            Description = "bundled rate point (weights/lgc-<rate>.safetensors)",
            DefaultValueFactory = _ => ModelLocator.DefaultRate,
        };
        var cmd = new Command("compress", "compress images into .lgc files") { inputs, output, model, rate, backend };
        cmd.SetAction(r =>
        {
            var plan = Inputs.Plan(r.GetValue(inputs)!, r.GetValue(output), [".png", ".jpg", ".jpeg", ".bmp", ".tga", ".webp", ".tif", ".tiff", ".gif"], ".lgc");
            using var codec = CodecLoader.Load(ModelLocator.ForCompress(r.GetValue(model), r.GetValue(rate)!), r.GetValue(backend)!);
            return Batch.Run(plan, "compress", (i, o) =>
            {
                var img = Imaging.ImageIo.Load(i);
                var res = codec.Compress(img);
                Formats.AtomicFile.WriteAllBytes(o, res.Bytes);
                return $"{o}: {res.Bytes.Length} bytes, {res.Bpp:F4} bpp";
            });
        });
        return cmd;
    }
}
