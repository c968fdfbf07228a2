using Lgc.Formats;

namespace Lgc.Cli;

/// <summary>Expands file and folder arguments into (input, output) pairs. Folders are walked without leaving
/// them (see <see cref="FolderWalk"/>); output folders are created and cleared of temp files a killed run left.
/// `-` is stdin as the one input, or stdout as the output of one input; stdin's output is stdout unless named.</summary>
static class Inputs
{
    public static List<(string Input, string Output)> Plan(string[] inputs, string? output, string[] extensions, string outExt,
        bool followSymlinks = false)
    {
        if (inputs.Any(Stdio.Is))
        {
            if (inputs.Length > 1) throw new LgcException("'-' (stdin) must be the only input");
            if (output != null && !Stdio.Is(output) && Directory.Exists(output))
                throw new LgcException($"stdin has no file name: give -o a file, not the folder '{output}'");
            return [(Stdio.Dash, output ?? Stdio.Dash)];
        }
        var files = new List<(string File, string Root)>();
        bool anyFolder = false;
        int skippedLinks = 0;
        foreach (var i in inputs)
        {
            // A path named on the command line is the user's choice: a link there is followed.
            if (Directory.Exists(i))
            {
                anyFolder = true;
                var walk = FolderWalk.Run(i, followSymlinks, f => extensions.Contains(Path.GetExtension(f).ToLowerInvariant()));
                skippedLinks += walk.SkippedLinks;
                files.AddRange(walk.Files.Select(f => (f, i)));
            }
            else if (File.Exists(i)) files.Add((i, Path.GetDirectoryName(Path.GetFullPath(i))!));
            else throw new LgcException($"input '{i}' does not exist");
        }
        if (skippedLinks > 0)
            Console.Error.WriteLine($"lgc: note: {skippedLinks} symbolic link(s) not followed " +
                (followSymlinks ? "(they lead outside the input folder or nowhere)" : "(--follow-symlinks follows those that stay inside the input folder)"));
        if (files.Count == 0) throw new LgcException($"no input files ({string.Join(", ", extensions)}) found in {string.Join(", ", inputs)}");

        List<(string, string)> plan;
        bool single = files.Count == 1 && !anyFolder;
        if (Stdio.Is(output) && !single) throw new LgcException("-o - (stdout) takes one input file, not several or a folder");
        if (Stdio.Is(output)) return [(files[0].File, Stdio.Dash)];
        if (single)
        {
            string o = output ?? Path.ChangeExtension(files[0].File, outExt);
            if (Directory.Exists(o)) o = Path.Combine(o, Path.GetFileNameWithoutExtension(files[0].File) + outExt);
            plan = [(files[0].File, o)];
        }
        else
        {
            string dir = output ?? ".";
            Directory.CreateDirectory(dir);
            plan = files.Select(f =>
            {
                string rel = Path.GetRelativePath(f.Root, f.File);
                string o = Path.Combine(dir, Path.ChangeExtension(rel, outExt));
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(o))!);
                return (f.File, o);
            }).ToList();
        }
        RemoveStaleTemps(plan.Select(p => p.Item2));
        return plan;
    }

    /// <summary>Creates the outputs' folders and clears them of a killed run's temp files (outputs chosen elsewhere: --files-from, shards).</summary>
    public static void PrepareOutputFolders(IEnumerable<string> outputs)
    {
        var list = outputs.ToList();
        foreach (var dir in list.Select(o => Path.GetDirectoryName(Path.GetFullPath(o))!).Distinct()) Directory.CreateDirectory(dir);
        RemoveStaleTemps(list);
    }

    /// <summary>Each output folder once: the temp files of a killed run (our naming pattern, no live writer) go.</summary>
    static void RemoveStaleTemps(IEnumerable<string> outputs)
    {
        foreach (var dir in outputs.Select(o => Path.GetDirectoryName(Path.GetFullPath(o))!).Distinct())
        {
            int n = AtomicFile.RemoveStaleTemps(dir);
            if (n > 0) Console.Error.WriteLine($"lgc: note: removed {n} temporary file(s) an interrupted run left in '{dir}'");
        }
    }
}
