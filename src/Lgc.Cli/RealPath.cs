namespace Lgc.Cli;

/// <summary>The absolute path with every symbolic link resolved (like realpath(3)); parts that do not
/// exist are kept as written. Used to decide whether a path stays inside a folder or names an input.</summary>
static class RealPath
{
    const int MaxLinks = 40; // as Linux's ELOOP limit

    public static string Of(string path)
    {
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full)!;
        var pending = new LinkedList<string>(Split(full[root.Length..]));
        string current = root;
        int links = 0;
        while (pending.First is { } first)
        {
            string part = first.Value;
            pending.RemoveFirst();
            if (part == ".") continue;
            if (part == "..") { current = Path.GetDirectoryName(current) ?? current; continue; }
            string next = Path.Combine(current, part);
            string? target = null;
            try { target = new FileInfo(next).LinkTarget; } catch (IOException) { } catch (UnauthorizedAccessException) { }
            if (target is null) { current = next; continue; }
            if (++links > MaxLinks) throw new LgcException($"'{path}': too many levels of symbolic links");
            if (Path.IsPathRooted(target)) current = Path.GetPathRoot(target)!;
            var parts = Split(Path.IsPathRooted(target) ? target[Path.GetPathRoot(target)!.Length..] : target);
            for (int k = parts.Length - 1; k >= 0; k--) pending.AddFirst(parts[k]);
        }
        return current;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or below it (both real paths).</summary>
    public static bool IsInside(string path, string folder)
    {
        var cmp = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        string f = Path.TrimEndingDirectorySeparator(folder);
        return path.Equals(f, cmp) || path.StartsWith(f + Path.DirectorySeparatorChar, cmp)
            || (f.Length > 0 && f[^1] == Path.DirectorySeparatorChar && path.StartsWith(f, cmp));
    }

    static string[] Split(string p) =>
        p.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
