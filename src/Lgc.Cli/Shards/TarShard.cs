using System.Formats.Tar;
using System.Text;

namespace Lgc.Cli.Shards;

/// <summary>Packs a shard's outputs into one tar file (millions of few-hundred-byte files would exhaust inodes).
/// After every entry the file is a complete archive (end blocks written); reopening after a kill scans the
/// entries, cuts a partial last entry and appends after the last complete one, so nothing is lost or doubled.</summary>
sealed class TarShard : IDisposable
{
    readonly FileStream _file;
    long _end; // end of the last complete entry (where the next one goes)

    public string Path { get; }

    /// <summary>Names of the entries already in the archive.</summary>
    public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

    public TarShard(string path)
    {
        Path = path;
        _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        _end = Scan(_file, Names);
        _file.SetLength(_end);
        Close();
    }

    public void Add(string name, ReadOnlySpan<byte> data)
    {
        _file.Seek(_end, SeekOrigin.Begin);
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data.ToArray()), Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead };
        using (var w = new TarWriter(_file, TarEntryFormat.Pax, leaveOpen: true)) w.WriteEntry(entry);
        Names.Add(name);
        _end = Scan(_file, null, _end);
        Close();
    }

    /// <summary>Writes the two zero blocks that end an archive after the last entry, and flushes.</summary>
    void Close()
    {
        _file.SetLength(_end);
        _file.Seek(_end, SeekOrigin.Begin);
        _file.Write(new byte[1024]);
        _file.Flush(flushToDisk: true);
    }

    /// <summary>Walks ustar/pax headers from <paramref name="from"/>; returns the end of the last complete entry.</summary>
    static long Scan(FileStream f, HashSet<string>? names, long from = 0)
    {
        var header = new byte[512];
        long pos = from, lastEnd = from;
        string? paxPath = null;
        while (pos + 512 <= f.Length)
        {
            f.Seek(pos, SeekOrigin.Begin);
            f.ReadExactly(header);
            if (header.All(b => b == 0) || !ChecksumOk(header)) break;
            long size = Octal(header.AsSpan(124, 12));
            long next = pos + 512 + (size + 511) / 512 * 512;
            if (size < 0 || next > f.Length) break; // partial entry: cut here
            char type = (char)header[156];
            if (type == 'x')
            {
                var data = new byte[size];
                f.ReadExactly(data);
                paxPath = PaxPath(data);
            }
            else
            {
                if (type is '0' or '\0') names?.Add(paxPath ?? UstarName(header));
                paxPath = null;
                lastEnd = next;
            }
            pos = next;
        }
        return lastEnd;
    }

    static bool ChecksumOk(byte[] h)
    {
        long sum = 0;
        for (int i = 0; i < 512; i++) sum += i is >= 148 and < 156 ? ' ' : h[i];
        return Octal(h.AsSpan(148, 8)) == sum;
    }

    static long Octal(ReadOnlySpan<byte> field)
    {
        long v = 0;
        bool any = false;
        foreach (byte b in field)
        {
            if (b == 0 || b == ' ') { if (any) break; continue; }
            if (b < '0' || b > '7') return -1;
            v = v * 8 + (b - '0');
            any = true;
        }
        return v;
    }

    static string UstarName(byte[] h)
    {
        static string Field(byte[] h, int at, int len) => Encoding.UTF8.GetString(h, at, len).TrimEnd('\0');
        string name = Field(h, 0, 100), prefix = Field(h, 345, 155);
        return prefix.Length > 0 ? prefix + "/" + name : name;
    }

    static string? PaxPath(byte[] data)
    {
        // records: "<len> key=value\n"
        foreach (var rec in Encoding.UTF8.GetString(data).Split('\n'))
        {
            int sp = rec.IndexOf(' '), eq = rec.IndexOf('=');
            if (sp > 0 && eq > sp && rec[(sp + 1)..eq] == "path") return rec[(eq + 1)..];
        }
        return null;
    }

    public void Dispose() => _file.Dispose();
}
