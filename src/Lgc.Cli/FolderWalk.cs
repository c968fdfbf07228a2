using Lgc.Formats;

namespace Lgc.Cli;

/// <summary>Lists the files below a folder without ever leaving it. Symbolic links are not followed unless
/// asked; followed ones must resolve inside the folder, and a folder reached twice (a link cycle) is walked once.</summary>
sealed class FolderWalk
{
    readonly string _realRoot;
    readonly bool _follow;
    readonly Func<string, bool> _wanted;
    readonly HashSet<string> _visited = new(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

    readonly Queue<string> _links = new();

    public List<string> Files { get; } = [];
    /// <summary>Links not followed (no --follow-symlinks), or pointing outside the folder, or dangling.</summary>
    public int SkippedLinks { get; private set; }

    FolderWalk(string root, bool follow, Func<string, bool> wanted)
    {
        _realRoot = RealPath.Of(root);
        _follow = follow;
        _wanted = wanted;
    }

    public static FolderWalk Run(string root, bool followSymlinks, Func<string, bool> wanted)
    {
        var w = new FolderWalk(root, followSymlinks, wanted);
        w._visited.Add(w._realRoot);
        w.Walk(root);
        // Links last, so a folder reached both directly and through a link keeps its own name.
        while (w._links.Count > 0) w.Follow(w._links.Dequeue());
        w.Files.Sort(StringComparer.Ordinal);
        return w;
    }

    void Walk(string dir)
    {
        IEnumerable<string> entries;
        try { entries = Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal).ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LgcException($"cannot list folder '{dir}': {e.Message}");
        }
        foreach (var entry in entries)
        {
            var kind = FileKinds.Of(entry);
            if (kind == FileKind.Symlink)
            {
                if (_follow) _links.Enqueue(entry); else SkippedLinks++;
                continue;
            }
            if (kind == FileKind.Directory)
            {
                if (_visited.Add(RealPath.Of(entry))) Walk(entry);
                continue;
            }
            // Regular files, and device nodes or pipes with a wanted name (refused later, one line each).
            if (kind is FileKind.Regular or FileKind.Other && _wanted(entry)) Files.Add(entry);
        }
    }

    void Follow(string link)
    {
        string real;
        try { real = RealPath.Of(link); } catch (LgcException) { SkippedLinks++; return; } // a link loop
        var kind = FileKinds.Of(real);
        if (!RealPath.IsInside(real, _realRoot) || kind == FileKind.Missing) { SkippedLinks++; return; }
        if (kind == FileKind.Directory) { if (_visited.Add(real)) Walk(link); }
        else if (kind is FileKind.Regular or FileKind.Other && _wanted(link)) Files.Add(link);
    }
}
