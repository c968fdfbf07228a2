using Lgc.Formats;

namespace Lgc.Cli;

/// <summary>Existing outputs: what to do with them (--force replaces, --skip-existing skips, default refuses).</summary>
enum ExistingOutputs { Refuse, Replace, Skip }

/// <summary>Raised when an input is skipped because its output exists (--skip-existing): counted, not an error.</summary>
sealed class SkippedException(string output) : Exception($"'{output}' exists, skipped");

/// <summary>Decides, before any work, whether a file may be written: never an input of the run, never twice in
/// one run, never over a link, folder or device node; an existing file only as --force / --skip-existing say.</summary>
sealed class OutputGuard
{
    readonly HashSet<string> _inputs;
    readonly HashSet<string> _claimed;
    readonly ExistingOutputs _existing;
    readonly object _lock = new();

    public OutputGuard(IEnumerable<string> inputs, ExistingOutputs existing)
    {
        var cmp = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        _inputs = new HashSet<string>(inputs.Select(RealPath.Of), cmp);
        _claimed = new HashSet<string>(cmp);
        _existing = existing;
    }

    /// <summary>Whether atomic writes of claimed files may replace an existing file.</summary>
    public bool Overwrite => _existing == ExistingOutputs.Replace;

    /// <summary>Claims the outputs of one input; throws a one-line error when one may not be written, or
    /// <see cref="SkippedException"/> when one exists and --skip-existing is on.</summary>
    public void Claim(params string[] outputs)
    {
        lock (_lock)
        {
            var real = outputs.Select(Real).ToArray();
            string? existing = null;
            for (int k = 0; k < outputs.Length; k++)
            {
                string o = outputs[k];
                if (_inputs.Contains(real[k])) throw new LgcException($"output '{o}' is an input of this run; refusing to overwrite it (choose another --output)");
                if (_claimed.Contains(real[k])) throw new LgcException($"output '{o}' is also the output of another input of this run");
                switch (FileKinds.Of(o))
                {
                    case FileKind.Symlink: throw new LgcException($"output '{o}' is a symbolic link; refusing to replace it with a file");
                    case FileKind.Directory: throw new LgcException($"output '{o}' is a folder");
                    case FileKind.Other: throw new LgcException($"output '{o}' is not a regular file (a device, pipe or socket); refusing to write to it");
                    case FileKind.Regular: existing ??= o; break;
                }
            }
            if (existing != null && _existing == ExistingOutputs.Skip) throw new SkippedException(existing);
            if (existing != null && _existing == ExistingOutputs.Refuse)
                throw new LgcException($"output '{existing}' exists (--force replaces it, --skip-existing skips it)");
            foreach (var r in real) _claimed.Add(r);
        }
    }

    /// <summary>The parent's real path and the name as written: a link at the output itself stays visible as one.</summary>
    static string Real(string path)
    {
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        return dir is null ? full : Path.Combine(RealPath.Of(dir), Path.GetFileName(full));
    }

    /// <summary>An input must be a regular file (or a link to one): reading a pipe or device would block or never end.</summary>
    public static void RequireRegularInput(string input)
    {
        var kind = FileKinds.OfTarget(input);
        if (kind == FileKind.Missing) throw new LgcException($"input '{input}' does not exist");
        if (kind != FileKind.Regular) throw new LgcException($"input '{input}' is not a regular file");
    }
}
