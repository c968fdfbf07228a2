using System.CommandLine;

namespace Lgc.Cli;

/// <summary>A file whose name starts with '-' ("-odd.png") is still a file: System.CommandLine would read it as
/// options ("-o dd.png"), so before parsing such a token, when it names an existing file or folder and no option,
/// becomes "./-odd.png" (the same path). Tokens after `--` are already file names.</summary>
static class OptionLikeFiles
{
    public static string[] Protect(string[] args, RootCommand root)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        Collect(root, names);
        var fixedArgs = (string[])args.Clone();
        for (int i = 0; i < fixedArgs.Length; i++)
        {
            string a = fixedArgs[i];
            if (a == "--") break;
            if (a.Length < 2 || a[0] != '-' || names.Contains(a) || names.Contains(a.Split('=', 2)[0])) continue;
            if (File.Exists(a) || Directory.Exists(a)) fixedArgs[i] = "./" + a;
        }
        return fixedArgs;
    }

    static void Collect(Command c, HashSet<string> names)
    {
        foreach (var o in c.Options) { names.Add(o.Name); names.UnionWith(o.Aliases); }
        foreach (var s in c.Subcommands) Collect(s, names);
    }
}
