using System.CommandLine;

namespace Lgc.Cli;

static class DecompressCommand
{
    public static Command Create()
    {
        var inputs = CommonOptions.Inputs(".lgc files or folders of them; - reads one .lgc file from stdin");
        var output = CommonOptions.Output();
        var format = new Option<string?>("--format")
        {
            Description = "image format: png|jpeg|webp|bmp (default: from the output's extension; PNG for stdout, folders and names without one)",
            HelpName = "png|jpeg|webp|bmp",
        };
        var model = CommonOptions.Model();
        var backend = CommonOptions.Backend();
        var batch = new BatchFlags();
        var shards = new Shards.ShardFlags();
        var cmd = new Command("decompress", "decode .lgc files into images (PNG, JPEG, WebP, BMP)") { inputs, output, format, model, backend };
        batch.AddTo(cmd);
        shards.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var asked = OutputFormats.FromName(r.GetValue(format));
            string outExt = OutputFormats.Extension(asked ?? OutputFormat.Png);
            var (plan, options) = shards.Plan(r, r.GetValue(inputs)!, r.GetValue(output), [".lgc"], outExt, batch.Read(r));
            using var shard = options.Shard;
            // Every output's format is settled before any decoding: a bad name fails at once, not after the work.
            var formats = plan.ToDictionary(p => p.Output, p => OutputFormats.For(p.Output, asked));
            if (plan.Count > 0 && Stdio.Is(plan[0].Output)) Stdio.RequireBinaryStdoutRedirected(); // a shard may own no file
            using var codecs = new CodecCache(r.GetValue(backend)!);
            return Batch.Run(plan, "decompress", options, f =>
            {
                f.Claim(f.Output);
                byte[] bytes = f.FromStdin ? Stdio.ReadInput(Content.Lgc) : f.ReadInput();
                var info = LgcCodec.Inspect(bytes);
                var codec = codecs.Get(ModelLocator.ForDecode(r.GetValue(model), info.ModelId), f.Cancelled);
                var img = codec.Decompress(bytes);
                var fmt = formats[f.Output];
                f.Write(f.Output, OutputFormats.Encode(img, fmt));
                return new FileReport($"{Stdio.DisplayOut(f.Output)}: {img.Width}x{img.Height} {OutputFormats.Name(fmt).ToUpperInvariant()}" +
                                      (info.Synthesized ? " (synthesized by a generative decoder)" : ""))
                {
                    Output = f.Output, Format = OutputFormats.Name(fmt), Bytes = bytes.Length, Bpp = Math.Round(info.Bpp(bytes.Length), 6),
                    ModelId = Formats.ModelId.ToHex(info.ModelId), Width = img.Width, Height = img.Height, Synthesized = info.Synthesized,
                };
            }, codecs.Retire);
        });
        return cmd;
    }
}
