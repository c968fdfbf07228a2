using System.Text;
using System.Text.Json;

namespace Lgc.Cli.Shards;

/// <summary>One line of a shard's manifest. Status: "ok", "skipped" (its output was already there) or "error".</summary>
sealed record ManifestEntry(string Input, string Output, long Bytes, double? Bpp, string? ModelId, string Status, string? Error, double Ms);

/// <summary>A shard's JSONL manifest: one object per file, appended and flushed as each file ends, so a killed run
/// loses at most the line it was writing (a torn last line is ignored when the manifest is read back).
/// Written with Utf8JsonWriter (no reflection: trimming/NativeAOT safe).</summary>
sealed class ShardManifest : IDisposable
{
    readonly FileStream _file;

    public string Path { get; }

    public ShardManifest(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        TrimTornLine(_file);
        _file.Seek(0, SeekOrigin.End);
    }

    public void Append(ManifestEntry e)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("input", e.Input);
            w.WriteString("output", e.Output);
            w.WriteNumber("bytes", e.Bytes);
            if (e.Bpp is double b) w.WriteNumber("bpp", Math.Round(b, 6)); else w.WriteNull("bpp");
            if (e.ModelId is null) w.WriteNull("model_id"); else w.WriteString("model_id", e.ModelId);
            w.WriteString("status", e.Status);
            if (e.Error is null) w.WriteNull("error"); else w.WriteString("error", e.Error);
            w.WriteNumber("ms", Math.Round(e.Ms, 1));
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        _file.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
        _file.Flush(flushToDisk: true);
    }

    /// <summary>The entries of an existing manifest (a torn last line is skipped).</summary>
    public static List<ManifestEntry> Read(string path)
    {
        var list = new List<ManifestEntry>();
        if (!File.Exists(path)) return list;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                list.Add(new ManifestEntry(r.GetProperty("input").GetString()!, r.GetProperty("output").GetString()!,
                    r.GetProperty("bytes").GetInt64(), r.GetProperty("bpp").ValueKind == JsonValueKind.Number ? r.GetProperty("bpp").GetDouble() : null,
                    r.GetProperty("model_id").GetString(), r.GetProperty("status").GetString()!, r.GetProperty("error").GetString(),
                    r.GetProperty("ms").GetDouble()));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // a line cut by a kill, or not ours: not an entry
            }
        }
        return list;
    }

    /// <summary>A kill can leave a last line without its newline: cut it so the next entry starts on its own line.</summary>
    static void TrimTornLine(FileStream f)
    {
        long n = f.Length;
        if (n == 0) return;
        f.Seek(-1, SeekOrigin.End);
        if (f.ReadByte() == '\n') return;
        long pos = n - 1;
        var one = new byte[1];
        while (pos > 0)
        {
            f.Seek(pos - 1, SeekOrigin.Begin);
            f.ReadExactly(one);
            if (one[0] == '\n') break;
            pos--;
        }
        f.SetLength(pos);
    }

    public void Dispose() => _file.Dispose();
}
