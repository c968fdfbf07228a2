using System.Runtime.InteropServices;

namespace Lgc.Formats;

/// <summary>What a path names, without following a final symbolic link.</summary>
internal enum FileKind { Missing, Regular, Directory, Symlink, Other }

/// <summary>Tells regular files from folders, links and device nodes, pipes or sockets (which .NET's own
/// file API reports alike as files): writing over those, or reading a pipe, must never happen by accident.</summary>
internal static class FileKinds
{
    public static FileKind Of(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            int? mode = UnixMode(path);
            if (mode is int m)
                return (m & 0xF000) switch
                {
                    0x8000 => FileKind.Regular,
                    0x4000 => FileKind.Directory,
                    0xA000 => FileKind.Symlink,
                    _ => FileKind.Other,
                };
            if (s_noNative == false) return FileKind.Missing;
        }
        var info = new FileInfo(path);
        if (info.LinkTarget != null) return FileKind.Symlink;
        if (Directory.Exists(path)) return FileKind.Directory;
        if (!info.Exists) return FileKind.Missing;
        return info.Attributes.HasFlag(FileAttributes.Device) ? FileKind.Other : FileKind.Regular;
    }

    /// <summary>The kind of what a path finally names, following links (a dangling link is Missing).</summary>
    public static FileKind OfTarget(string path)
    {
        var kind = Of(path);
        if (kind != FileKind.Symlink) return kind;
        try
        {
            var target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true);
            return target is null ? FileKind.Missing : Of(target.FullName);
        }
        catch (IOException) { return FileKind.Missing; } // a link loop
    }

    static bool? s_noNative;

    /// <summary>lstat through the runtime's own native shim (its FileStatus keeps the mode at offset 4);
    /// null when the path does not exist or the shim is unavailable.</summary>
    static unsafe int? UnixMode(string path)
    {
        if (s_noNative == true) return null;
        byte* status = stackalloc byte[512]; // larger than any FileStatus the shim has had
        try
        {
            int rc = SystemNativeLStat(path, status);
            s_noNative = false;
            return rc == 0 ? *(int*)(status + 4) : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_noNative = true;
            return null;
        }
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat")]
    static extern unsafe int SystemNativeLStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte* status);
}
