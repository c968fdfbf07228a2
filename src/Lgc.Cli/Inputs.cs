namespace Lgc.Cli;

/// <summary>Expands file and folder arguments into (input, output) pairs.</summary>
static class Inputs
{
    public static List<(string Input, string Output)> Plan(string[] inputs, string? output, string[] extensions, string outExt)
    {
        var files = new List<(string File, string Root)>();
        bool anyFolder = false;
        foreach (var i in inputs)
        {
            if (Directory.Exists(i))
            {
                anyFolder = true;
                foreach (var f in Directory.EnumerateFiles(i, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                    if (extensions.Contains(Path.GetExtension(f).ToLowerInvariant())) files.Add((f, i));
            }
            else if (File.Exists(i)) files.Add((i, Path.GetDirectoryName(Path.GetFullPath(i))!));
            else throw new LgcException($"input '{i}' does not exist");
        }
        if (files.Count == 0) throw new LgcException($"no input files ({string.Join(", ", extensions)}) found in {string.Join(", ", inputs)}");

        bool single = files.Count == 1 && !anyFolder;
        if (single)
        {
            string o = output ?? Path.ChangeExtension(files[0].File, outExt);
            if (Directory.Exists(o)) o = Path.Combine(o, Path.GetFileNameWithoutExtension(files[0].File) + outExt);
            return [(files[0].File, o)];
        }
        string dir = output ?? ".";
        Directory.CreateDirectory(dir);
        return files.Select(f =>
        {
            string rel = Path.GetRelativePath(f.Root, f.File);
            string o = Path.Combine(dir, Path.ChangeExtension(rel, outExt));
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(o))!);
            return (f.File, o);
        }).ToList();
    }
}
