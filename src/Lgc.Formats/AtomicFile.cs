using System.Text.RegularExpressions;

namespace Lgc.Formats;

/// <summary>Writes files so readers never see a partial file: temp file in the same folder, then rename.
/// The rename never replaces a symbolic link, a folder or a device node, pipe or socket; with
/// overwrite false it never replaces anything (the final step fails if the file appeared meanwhile).</summary>
internal static partial class AtomicFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes, bool overwrite = true)
    {
        byte[] copy = bytes.ToArray();
        Write(path, s => s.Write(copy), overwrite);
    }

    /// <summary>Streams the content into the temp file (e.g. an image encoder), then renames.</summary>
    public static void Write(string path, Action<Stream> write, bool overwrite = true)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        RefuseTarget(path, full, overwrite);
        // Same folder so the final move is a rename on one file system, not a copy.
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            // FileShare.None locks the temp file (flock on Unix) for as long as it is open: RemoveStaleTemps
            // of a concurrent run leaves it alone. On Unix it stays open through the rename.
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(fs);
                fs.Flush(flushToDisk: true);
                RefuseTarget(path, full, overwrite);
                if (!OperatingSystem.IsWindows()) File.Move(temp, full, overwrite);
            }
            if (OperatingSystem.IsWindows()) File.Move(temp, full, overwrite);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    static void RefuseTarget(string path, string full, bool overwrite)
    {
        string? why = FileKinds.Of(full) switch
        {
            FileKind.Symlink => "is a symbolic link; refusing to replace it with a file",
            FileKind.Directory => "is a folder",
            FileKind.Other => "is not a regular file (a device, pipe or socket); refusing to write to it",
            FileKind.Regular when !overwrite => "already exists",
            _ => null,
        };
        if (why != null) throw new IOException($"'{path}' {why}");
    }

    /// <summary>Temp names this class makes: .NAME.GUID.tmp.</summary>
    [GeneratedRegex(@"^\..+\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex TempName();

    /// <summary>Deletes the temp files a killed run left in a folder (our naming pattern, regular files whose
    /// lock no live writer holds); a write in progress in another process keeps its lock and its file.
    /// Returns how many were deleted.</summary>
    public static int RemoveStaleTemps(string folder)
    {
        if (!Directory.Exists(folder)) return 0;
        int removed = 0;
        foreach (var f in Directory.EnumerateFiles(folder, ".*.tmp"))
        {
            if (!TempName().IsMatch(Path.GetFileName(f)) || FileKinds.Of(f) != FileKind.Regular) continue;
            try
            {
                // Taking the lock proves the writer is gone; delete while holding it.
                using (new FileStream(f, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
                removed++;
            }
            catch (IOException) { } // in use by a live writer, or already gone
            catch (UnauthorizedAccessException) { }
        }
        return removed;
    }
}
