using System.CommandLine;

namespace Lgc.Cli;

static class InfoCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "an .lgc file" };
        var cmd = new Command("info", "show what an .lgc file holds: model id, size, bytes and bpp per layer") { file };
        cmd.SetAction(r =>
        {
            string path = r.GetValue(file)!;
            if (!File.Exists(path)) throw new LgcException($"input '{path}' does not exist");
            var info = LgcCodec.Inspect(File.ReadAllBytes(path));
            Console.Write(info.Describe());
            return 0;
        });
        return cmd;
    }
}
