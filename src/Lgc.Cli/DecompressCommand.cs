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
        var cmd = new Command("decompress", "decode .lgc files into PNG images") { inputs, output, model, backend };
        cmd.SetAction(r =>
        {
            var plan = Inputs.Plan(r.GetValue(inputs)!, r.GetValue(output), [".lgc"], ".png");
            var codecs = new Dictionary<string, LgcCodec>();
            try
            {
                return Batch.Run(plan, "decompress", (i, o) =>
                {
                    byte[] bytes = File.ReadAllBytes(i);
                    var info = LgcCodec.Inspect(bytes);
                    string path = ModelLocator.ForDecode(r.GetValue(model), info.ModelId);
                    if (!codecs.TryGetValue(path, out var codec))
                        codecs[path] = codec = CodecLoader.Load(path, r.GetValue(backend)!);
                    var img = codec.Decompress(bytes);
                    Imaging.ImageIo.SavePng(img, o);
                    return $"{o}: {img.Width}x{img.Height}{(info.Synthesized ? " (synthesized by a generative decoder)" : "")}";
                });
            }
            finally { foreach (var c in codecs.Values) c.Dispose(); }
        });
        return cmd;
    }
}
