using System.CommandLine;

namespace Lgc.Cli;

static class DecompressCommand
{
    public static Command Create()
    {
        var inputs = CommonOptions.Inputs(".lgc files or folders of them");
        var output = CommonOptions.Output();
        var model = CommonOptions.Model();
        var backend = CommonOptions.Backend();
        var batch = new BatchFlags();
        var cmd = new Command("decompress", "decode .lgc files into PNG images") { inputs, output, model, backend };
        batch.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var options = batch.Read(r);
            var plan = Inputs.Plan(r.GetValue(inputs)!, r.GetValue(output), [".lgc"], ".png", options.FollowSymlinks);
            using var codecs = new CodecCache(r.GetValue(backend)!);
            return Batch.Run(plan, "decompress", options, f =>
            {
                f.Claim(f.Output);
                byte[] bytes = File.ReadAllBytes(f.Input);
                var info = LgcCodec.Inspect(bytes);
                var codec = codecs.Get(ModelLocator.ForDecode(r.GetValue(model), info.ModelId), f.Cancelled);
                var img = codec.Decompress(bytes);
                f.BeforeWrite();
                Imaging.ImageIo.SavePng(img, f.Output, f.Overwrite);
                return $"{f.Output}: {img.Width}x{img.Height}{(info.Synthesized ? " (synthesized by a generative decoder)" : "")}";
            }, codecs.Retire);
        });
        return cmd;
    }
}
