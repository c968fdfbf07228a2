using System.Text;

namespace Lgc.Lab.Evaluation;

/// <summary>
/// per_image.csv as an append-only log: each row is written with one write call and flushed to disk, and on
/// open a trailing line without its newline (a run killed mid-write) is cut off, so the file never holds a
/// partial row. Finished (image, method) pairs are skipped when a run is restarted on the same folder.
/// </summary>
internal sealed class ResultsStore
{
    public string Path { get; }
    readonly Dictionary<(string, string), EvalRow> _rows = new();

    public ResultsStore(string path, bool restart)
    {
        Path = path;
        if (restart && File.Exists(path)) File.Delete(path);
        if (!File.Exists(path)) { File.WriteAllText(path, EvalRow.Header + "\n"); return; }
        Recover();
    }

    public IReadOnlyCollection<EvalRow> Rows => _rows.Values;
    public bool Has(string image, string method) => _rows.ContainsKey((image, method));
    public EvalRow? Get(string image, string method) => _rows.GetValueOrDefault((image, method));

    public void Append(EvalRow row)
    {
        AppendLine(Path, row.ToCsv());
        _rows[(row.Image, row.Method)] = row;
    }

    /// <summary>One write call of the whole line, flushed: a kill leaves either the full line or a torn tail that Recover cuts.</summary>
    public static void AppendLine(string path, string line)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(line + "\n");
        using var fs = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        fs.Write(bytes);
        fs.Flush(flushToDisk: true);
    }

    /// <summary>Complete lines of an append-only file, after cutting a torn last line off the file.</summary>
    public static string[] ReadCompleteLines(string path)
    {
        byte[] all = File.ReadAllBytes(path);
        int end = Array.LastIndexOf(all, (byte)'\n') + 1;
        if (end < all.Length)
            using (var fs = new FileStream(path, FileMode.Open, FileAccess.Write)) fs.SetLength(end);
        return Encoding.UTF8.GetString(all, 0, end).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    void Recover()
    {
        var lines = ReadCompleteLines(Path);
        if (lines.Length == 0) { File.WriteAllText(Path, EvalRow.Header + "\n"); return; } // killed while writing the header
        if (lines[0] != EvalRow.Header)
            throw new LgcException($"'{Path}' is not a per-image file of this version of lgc eval (pass --restart to start over)");
        for (int i = 1; i < lines.Length; i++)
        {
            try { var r = EvalRow.Parse(lines[i]); _rows[(r.Image, r.Method)] = r; }
            catch (Exception e) when (e is FormatException or OverflowException)
            { throw new LgcException($"'{Path}' line {i + 1} is damaged ({e.Message}); pass --restart to start over"); }
        }
    }
}
