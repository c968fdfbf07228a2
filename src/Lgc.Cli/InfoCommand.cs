using System.CommandLine;
using System.Text.Json;
using Lgc.Formats;

namespace Lgc.Cli;

static class InfoCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = ".lgc files; - reads one from stdin", Arity = ArgumentArity.ZeroOrMore };
        var model = new Option<string?>("--model", "-m") { Description = "instead: report a weight file's parameters, size and multiply-accumulates per 256x256 image" };
        var json = CommonOptions.Json(".lgc file");
        var backends = new Option<bool>("--backends") { Description = "instead: list the compute backends, whether each can run here, and whether this build generates CUDA (PTX) and OpenCL kernels" };
        var cmd = new Command("info", "show what .lgc files hold (model id, size, bytes and bpp per layer), what a model costs, or the backends") { files, model, json, backends };
        cmd.SetAction(r =>
        {
            if (r.GetValue(backends))
            {
                if (r.GetValue(json) || r.GetValue(model) is not null || r.GetValue(files)!.Length > 0)
                    throw new LgcException("--backends takes no files, --model or --json");
                foreach (string line in Backends.Probe()) Console.WriteLine(line);
                return 0;
            }
            if (r.GetValue(model) is string m)
            {
                if (r.GetValue(json)) throw new LgcException("--json covers .lgc files; for models, lgc models --json");
                var lm = Model.LgcModel.Load(m, new Tensors.Reference.ReferenceBackend());
                Console.Write(ModelReport.Describe(lm));
                return 0;
            }
            var paths = r.GetValue(files)!;
            if (paths.Length == 0) throw new LgcException("give an .lgc file, or --model FILE.safetensors");
            if (paths.Length > 1 && paths.Any(Stdio.Is)) throw new LgcException("'-' (stdin) must be the only input");
            int failed = 0;
            foreach (var path in paths)
            {
                // Every file is described; a bad one is its own error line and the exit code says so.
                try
                {
                    var info = LgcCodec.Inspect(Read(path));
                    if (r.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(Report(path, info), CliJson.Default.InfoReport));
                    else Console.Write((paths.Length > 1 ? $"file         {path}\n" : "") + info.Describe());
                }
                catch (Exception e) when (paths.Length > 1 && Batch.IsUserError(e))
                {
                    Console.Error.WriteLine($"lgc: error: {(e.Message.Contains(path) ? "" : path + ": ")}{e.Message}");
                    failed++;
                }
            }
            return failed == 0 ? 0 : 1;
        });
        return cmd;
    }

    static byte[] Read(string path)
    {
        if (Stdio.Is(path)) return Stdio.ReadInput(Content.Lgc);
        OutputGuard.RequireRegularInput(path);
        return File.ReadAllBytes(path);
    }

    static InfoReport Report(string path, LgcFileInfo info) => new(path, ModelId.ToHex(info.ModelId), info.Width, info.Height,
        info.File.Header.PaddedWidth, info.File.Header.PaddedHeight, info.Synthesized, info.File.TotalBytes, Math.Round(info.Bpp(info.File.TotalBytes), 6),
        info.File.HeaderBytes, info.File.Directory.Select(l => new LayerReport(LayerName(l.Type), l.Length, Math.Round(info.Bpp(l.Length), 6), l.Crc32.ToString("x8"))).ToList());

    static string LayerName(LgcLayerType t) => t switch
    {
        LgcLayerType.HyperLatents => "hyper_latents",
        LgcLayerType.Latents => "latents",
        LgcLayerType.Texture => "texture",
        _ => t.ToString().ToLowerInvariant(),
    };
}
