using System.Collections;
using System.Formats.Tar;
using Lgc.Cli.Shards;

namespace Lgc.Tests;

/// <summary>The shard building blocks in process: the split, the cluster index, the manifest and the tar after a kill.</summary>
public class ShardPartsTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("lgc-shard-parts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void EachFileBelongsToExactlyOneShard()
    {
        var keys = Enumerable.Range(0, 1000).Select(i => $"d{i % 7}/f{i}.lgc").ToList();
        var counts = new int[8];
        foreach (var k in keys)
        {
            var owners = Enumerable.Range(0, 8).Where(i => new ShardSpec(i, 8).Owns(k)).ToList();
            counts[Assert.Single(owners)]++;
        }
        Assert.All(counts, c => Assert.InRange(c, 80, 170)); // roughly even (125 each)
        Assert.True(new ShardSpec(1, 8).Owns("a\\b.lgc") == new ShardSpec(1, 8).Owns("a/b.lgc")); // same split on Windows
    }

    [Fact]
    public void TheIndexComesFromTheClusterEnvironment()
    {
        Assert.Null(ShardSpec.Resolve(null, null, new Hashtable()));
        Assert.Equal(new ShardSpec(2, 4), ShardSpec.Resolve("2/4", null, new Hashtable()));
        Assert.Equal(new ShardSpec(3, 4), ShardSpec.Resolve(null, 4, new Hashtable { ["JOB_COMPLETION_INDEX"] = "3" }));
        Assert.Equal(new ShardSpec(0, 4), ShardSpec.Resolve(null, 4, new Hashtable { ["SLURM_ARRAY_TASK_ID"] = "1", ["SLURM_ARRAY_TASK_MIN"] = "1" }));
        Assert.Equal(new ShardSpec(3, 4), ShardSpec.Resolve(null, 4, new Hashtable { ["SLURM_ARRAY_TASK_ID"] = "3" }));
        var e = Assert.Throws<LgcException>(() => ShardSpec.Resolve(null, 4, new Hashtable { ["SLURM_ARRAY_TASK_ID"] = "5", ["SLURM_ARRAY_TASK_MIN"] = "1" }));
        Assert.Contains("shard index 4 is outside 0..3", e.Message);
    }

    [Fact]
    public void AManifestCutMidLineLosesOnlyThatLine()
    {
        string path = Path.Combine(_dir, "m.jsonl");
        using (var m = new ShardManifest(path))
            for (int i = 0; i < 3; i++) m.Append(new ManifestEntry($"in{i}.png", $"o{i}.lgc", 100 + i, 0.5, "abcd", "ok", null, 1));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]); // a kill in the middle of the third line
        Assert.Equal(["o0.lgc", "o1.lgc"], ShardManifest.Read(path).Select(e => e.Output));
        using (var m = new ShardManifest(path)) m.Append(new ManifestEntry("in3.png", "o3.lgc", 7, null, null, "error", "bad", 2));
        var back = ShardManifest.Read(path);
        Assert.Equal(["o0.lgc", "o1.lgc", "o3.lgc"], back.Select(e => e.Output));
        Assert.Equal(("error", "bad", (double?)null), (back[2].Status, back[2].Error, back[2].Bpp));
        Assert.Equal(3, File.ReadAllLines(path).Length); // the torn line is gone, not glued to the next one
    }

    [Fact]
    public void ATarCutAnywhereReopensWithItsCompleteEntries()
    {
        string path = Path.Combine(_dir, "s.tar");
        byte[] Data(int i) => Enumerable.Range(0, 300 + 211 * i).Select(k => (byte)(k * 7 + i)).ToArray();
        using (var t = new TarShard(path))
            for (int i = 0; i < 3; i++) t.Add($"sub/f{i}.lgc", Data(i));
        var full = File.ReadAllBytes(path);
        var rnd = new Random(5);
        foreach (int cut in new[] { full.Length - 1024, full.Length - 1500, full.Length / 2, 700, 100 }.Concat(Enumerable.Range(0, 5).Select(_ => rnd.Next(full.Length))))
        {
            File.WriteAllBytes(path, full[..cut]);
            using (var t = new TarShard(path))
            {
                int kept = t.Names.Count;
                Assert.Equal(Enumerable.Range(0, kept).Select(i => $"sub/f{i}.lgc"), t.Names.Order());
                t.Add("extra.lgc", [1, 2, 3]);
            }
            // Still a valid archive: its complete entries intact, then the one added after the cut.
            using var reader = new TarReader(File.OpenRead(path));
            var names = new List<string>();
            while (reader.GetNextEntry() is { } e)
            {
                var data = new MemoryStream();
                e.DataStream?.CopyTo(data);
                if (e.Name == "extra.lgc") Assert.Equal(new byte[] { 1, 2, 3 }, data.ToArray());
                else Assert.Equal(Data(names.Count), data.ToArray());
                names.Add(e.Name);
            }
            Assert.Equal("extra.lgc", names[^1]);
            Assert.Equal(names.Count - 1, names.Distinct().Count(n => n != "extra.lgc"));
        }
    }
}
