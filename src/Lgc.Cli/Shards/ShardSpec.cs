using System.Collections;
using System.Text;

namespace Lgc.Cli.Shards;

/// <summary>Which part of a file list this process owns: shard <see cref="Index"/> of <see cref="Count"/> (0-based).
/// A file belongs to shard FNV-1a(key) mod n, where the key is its output-relative path, so the split depends on
/// neither the list's order nor the machine, and a list that grows keeps every old file in its shard.</summary>
readonly record struct ShardSpec(int Index, int Count)
{
    public static readonly ShardSpec Whole = new(0, 1);

    public override string ToString() => $"{Index}-of-{Count}";

    public bool Owns(string key) => Count == 1 || (int)(Fnv1a64(key) % (ulong)Count) == Index;

    /// <summary>From `--shard i/n`, or `--shards n` with the index from the cluster's environment
    /// (Kubernetes Indexed Job: JOB_COMPLETION_INDEX; Slurm array: SLURM_ARRAY_TASK_ID minus SLURM_ARRAY_TASK_MIN).
    /// Null when neither option is given.</summary>
    public static ShardSpec? Resolve(string? shard, int? shards, IDictionary env)
    {
        if (shard is not null && shards is not null)
            throw new LgcException("give either --shard i/n or --shards n, not both");
        if (shard is not null) return Parse(shard);
        if (shards is null) return null;
        int n = shards.Value;
        if (n < 1) throw new LgcException($"--shards {n}: the count must be at least 1");
        if (env["JOB_COMPLETION_INDEX"] is string k)
            return Checked(ParseInt(k, "JOB_COMPLETION_INDEX"), n, "JOB_COMPLETION_INDEX");
        if (env["SLURM_ARRAY_TASK_ID"] is string s)
        {
            int min = env["SLURM_ARRAY_TASK_MIN"] is string m ? ParseInt(m, "SLURM_ARRAY_TASK_MIN") : 0;
            return Checked(ParseInt(s, "SLURM_ARRAY_TASK_ID") - min, n, "SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN");
        }
        throw new LgcException($"--shards {n} reads the shard index from JOB_COMPLETION_INDEX (Kubernetes Indexed Job) " +
                               "or SLURM_ARRAY_TASK_ID (Slurm array), and neither is set; use --shard i/n to give it");
    }

    public static ShardSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int i) || !int.TryParse(parts[1], out int n))
            throw new LgcException($"--shard '{text}': expected i/n with 0 <= i < n, e.g. 0/4");
        if (n < 1) throw new LgcException($"--shard {text}: the count must be at least 1");
        return Checked(i, n, "--shard " + text);
    }

    static ShardSpec Checked(int i, int n, string source) =>
        i >= 0 && i < n ? new ShardSpec(i, n)
            : throw new LgcException($"{source}: shard index {i} is outside 0..{n - 1} (indices are 0-based)");

    static int ParseInt(string s, string name) =>
        int.TryParse(s.Trim(), out int v) ? v : throw new LgcException($"{name}='{s}' is not an integer");

    static ulong Fnv1a64(string key)
    {
        ulong h = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(key.Replace('\\', '/')))
        {
            h ^= b;
            h *= 1099511628211UL;
        }
        return h;
    }
}
