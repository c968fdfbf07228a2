namespace Lgc.Cli.Shards;

/// <summary>Reads `--files-from LIST`: one path per line ('-' reads standard input); blank lines and lines
/// starting with '#' are skipped. Relative paths are taken relative to the list's folder (standard input: the
/// current folder), so every machine of a cluster job resolves the same list the same way.</summary>
static class FileList
{
    /// <summary>-> (path to open, key) pairs; the key is the path as listed, normalised, and names the output.</summary>
    public static List<(string Path, string Key)> Read(string list, TextReader? stdin = null)
    {
        string baseDir;
        IEnumerable<string> lines;
        if (list == "-")
        {
            baseDir = Directory.GetCurrentDirectory();
            lines = ReadAll(stdin ?? Console.In);
        }
        else
        {
            if (!File.Exists(list)) throw new LgcException($"--files-from: list '{list}' does not exist");
            baseDir = Path.GetDirectoryName(Path.GetFullPath(list))!;
            lines = File.ReadLines(list);
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var files = new List<(string, string)>();
        int lineNo = 0;
        foreach (var raw in lines)
        {
            lineNo++;
            string line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
            string key = Key(line, list, lineNo);
            if (!seen.Add(key)) continue; // a path listed twice is one job
            files.Add((Path.IsPathRooted(line) ? line : Path.Combine(baseDir, line), key));
        }
        if (files.Count == 0) throw new LgcException($"--files-from: list '{list}' names no files");
        return files;
    }

    /// <summary>The output-relative name of a listed path: '/'-separated, no leading '/', no '.' or '..' parts
    /// (outputs must stay inside the output folder).</summary>
    static string Key(string line, string list, int lineNo)
    {
        var parts = line.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
        if (parts.Contains(".."))
            throw new LgcException($"--files-from {list}:{lineNo}: '{line}' contains '..'; list paths below the list's folder or absolute paths");
        if (parts.Length == 0) throw new LgcException($"--files-from {list}:{lineNo}: '{line}' is not a file path");
        return string.Join('/', parts);
    }

    static IEnumerable<string> ReadAll(TextReader r)
    {
        while (r.ReadLine() is { } line) yield return line;
    }
}
