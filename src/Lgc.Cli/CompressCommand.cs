using System.CommandLine;

namespace Lgc.Cli;

static class CompressCommand
{
    public static Command Create()
    {
        var inputs = CommonOptions.Inputs("images (PNG, JPEG, ...) or folders of images; - reads one image from stdin");
        var output = CommonOptions.Output();
        var model = CommonOptions.Model();
        var backend = CommonOptions.Backend();
        var allowTruncated = CommonOptions.AllowTruncated();
        var batch = new BatchFlags();
        var shards = new Shards.ShardFlags();
        var rate = CommonOptions.Rate();
        var cmd = new Command("compress", "compress images into .lgc files") { inputs, output, model, rate, backend, allowTruncated };
        batch.AddTo(cmd);
        shards.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var (plan, options) = shards.Plan(r, r.GetValue(inputs)!, r.GetValue(output), [".png", ".jpg", ".jpeg", ".bmp", ".tga", ".webp", ".tif", ".tiff", ".gif"], ".lgc", batch.Read(r));
            using var shard = options.Shard;
            if (plan.Count > 0 && Stdio.Is(plan[0].Output)) Stdio.RequireBinaryStdoutRedirected(); // a shard may own no file
            string modelPath = ModelLocator.ForCompress(r.GetValue(model), r.GetValue(rate)!);
            using var codecs = new CodecCache(r.GetValue(backend)!);
            string modelId = Formats.ModelId.ToHex(codecs.Get(modelPath).Model.ModelId); // a bad model fails once, before the files
            return Batch.Run(plan, "compress", options, f =>
            {
                f.Claim(f.Output);
                var img = ImageInput.Load(f, r.GetValue(allowTruncated));
                var res = codecs.Get(modelPath, f.Cancelled).Compress(img);
                f.Write(f.Output, res.Bytes);
                return new FileReport($"{Stdio.DisplayOut(f.Output)}: {res.Bytes.Length} bytes, {res.Bpp:F4} bpp")
                {
                    Output = f.Output, Bytes = res.Bytes.Length, Bpp = Math.Round(res.Bpp, 6), ModelId = modelId, Width = res.Width, Height = res.Height,
                };
            }, codecs.Retire);
        });
        return cmd;
    }
}
