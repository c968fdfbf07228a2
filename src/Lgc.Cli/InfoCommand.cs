using System.CommandLine;

namespace Lgc.Cli;

static class InfoCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("file") { Description = "an .lgc file", Arity = ArgumentArity.ZeroOrOne };
        var model = new Option<string?>("--model", "-m") { Description = "instead: report a weight file's parameters, size and multiply-accumulates per 256x256 image" };
        var cmd = new Command("info", "show what an .lgc file holds (model id, size, bytes and bpp per layer), or what a model costs") { file, model };
        cmd.SetAction(r =>
        {
            if (r.GetValue(model) is string m)
            {
                var lm = Model.LgcModel.Load(m, new Tensors.Reference.ReferenceBackend());
                Console.Write(ModelReport.Describe(lm));
                return 0;
            }
            string path = r.GetValue(file) ?? throw new LgcException("give an .lgc file, or --model FILE.safetensors");
            if (!File.Exists(path)) throw new LgcException($"input '{path}' does not exist");
            var info = LgcCodec.Inspect(File.ReadAllBytes(path));
            Console.Write(info.Describe());
            return 0;
        });
        return cmd;
    }
}
