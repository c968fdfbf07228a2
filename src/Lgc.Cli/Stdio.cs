using SixLabors.ImageSharp;

namespace Lgc.Cli;

/// <summary>What a stream of bytes holds, told from its first bytes (stdin has no name to go by).</summary>
enum Content { Image, Lgc, Neither }

/// <summary>`-` as a path: standard input, read whole into memory once (capped), or standard output, written once.</summary>
static class Stdio
{
    public const string Dash = "-";

    /// <summary>The most stdin may hold: above any image under the pixel cap (4096² 16-bit RGBA, uncompressed, is 128 MiB).</summary>
    public const long MaxInputBytes = 256L << 20;

    static byte[]? _input;

    public static bool Is(string? path) => path == Dash;

    /// <summary>How a path reads in messages.</summary>
    public static string Display(string path) => Is(path) ? "stdin" : path;
    public static string DisplayOut(string path) => Is(path) ? "stdout" : path;

    /// <summary>Standard input, read to its end on first use (a pipe can be read only once).</summary>
    public static byte[] ReadInput()
    {
        if (_input != null) return _input;
        using var s = Console.OpenStandardInput();
        _input = ReadCapped(s, MaxInputBytes);
        if (_input.Length == 0) throw new LgcException("stdin is empty (give an image or an .lgc file on it, or a file name instead of '-')");
        return _input;
    }

    public static byte[] ReadCapped(Stream s, long cap)
    {
        var ms = new MemoryStream();
        var buffer = new byte[1 << 16];
        int n;
        while ((n = s.Read(buffer)) > 0)
        {
            if (ms.Length + n > cap) throw new LgcException($"stdin holds more than {cap >> 20} MiB, above what lgc reads from it");
            ms.Write(buffer, 0, n);
        }
        return ms.ToArray();
    }

    public static Content Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("LGC"u8)) return Content.Lgc;
        try { return Image.DetectFormat(bytes) is null ? Content.Neither : Content.Image; }
        catch (Exception e) when (e is not OutOfMemoryException) { return Content.Neither; }
    }

    /// <summary>stdin for a command that wants <paramref name="wanted"/>; the wrong kind is one line naming the command that reads it.</summary>
    public static byte[] ReadInput(Content wanted)
    {
        var bytes = ReadInput();
        var got = Sniff(bytes);
        if (got == wanted) return bytes;
        throw got switch
        {
            Content.Lgc => new LgcException("stdin holds an .lgc file, not an image (lgc decompress - reads it)"),
            Content.Image => new LgcException("stdin holds an image, not an .lgc file (lgc compress - reads it)"),
            _ => new LgcException($"stdin is neither an image nor an .lgc file ({bytes.Length} bytes)"),
        };
    }

    /// <summary>Binary data on a terminal is noise (and can upset it): refused before any work.</summary>
    public static void RequireBinaryStdoutRedirected()
    {
        if (!Console.IsOutputRedirected)
            throw new LgcException("refusing to write binary data to a terminal: redirect stdout, or give -o FILE");
    }

    public static void WriteOutput(ReadOnlySpan<byte> bytes)
    {
        using var o = Console.OpenStandardOutput();
        o.Write(bytes);
        o.Flush();
    }
}
