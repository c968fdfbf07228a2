using Xunit.Abstractions;
using System.Formats.Tar;
using Lgc.Cli.Shards;

namespace Lgc.Tests;

/// <summary>Sharded runs as a cluster runs them: 4 lgc processes split one --files-from list, one is killed mid-way
/// and rerun; every input is done exactly once (one "ok" manifest line), nothing is lost, nothing is left half-written.</summary>
public class ShardRunTests(ITestOutputHelper log) : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("lgc-shard-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    const int Shards = 4;

    [Fact]
    public void FourShardsOneKilledAndRerunDoEveryInputExactlyOnce()
    {
        var (list, keys) = ShardCli.Inputs(Path.Combine(_dir, "in"), 40);
        string outDir = Path.Combine(_dir, "out");
        var outputs = keys.Select(k => Path.ChangeExtension(k, ".lgc")).ToList();
        // The shard with the most files is killed: the likeliest to be caught mid-way.
        int victim = Enumerable.Range(0, Shards).MaxBy(i => outputs.Count(o => ShardCli.Owner(o, Shards) == i));
        string[] Args(int i) => ["compress", "--files-from", list, "--shard", $"{i}/{Shards}", "-o", outDir, "--model", Fixtures.TinyModel];
        string Manifest(int i) => Path.Combine(outDir, $"manifest-{i}-of-{Shards}.jsonl");

        // Run from another folder than the list's: the listed relative paths are resolved against the list's folder.
        var running = Enumerable.Range(0, Shards).Select(i => ShardCli.Start(_dir, null, Args(i))).ToArray();
        try
        {
            bool killed = ShardCli.KillAfter(running[victim], Manifest(victim), lines: 2);
            foreach (int i in Enumerable.Range(0, Shards).Where(i => i != victim))
            {
                var (code, text) = running[i].Wait();
                Assert.True(code == 0, text);
            }
            var rerun = ShardCli.Run(_dir, null, Args(victim));
            Assert.True(rerun.Code == 0, rerun.Output);
            Assert.Contains("skipped (done by an earlier run)", rerun.Output); // at least the 2 logged before the kill

            var written = Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(outDir, f).Replace('\\', '/')).Where(f => !f.StartsWith("manifest-")).Order().ToList();
            Assert.Equal(outputs.Order(), written); // every input's output, no temp file left, nothing else
            foreach (var o in outputs) LgcCodec.Inspect(File.ReadAllBytes(Path.Combine(outDir, o))); // complete .lgc files

            var lines = Enumerable.Range(0, Shards).SelectMany(i => ShardManifest.Read(Manifest(i)).Select(e => (Shard: i, Entry: e))).ToList();
            foreach (var o in outputs)
            {
                var mine = lines.Where(l => l.Entry.Output == o).ToList();
                Assert.All(mine, l => Assert.Equal(ShardCli.Owner(o, Shards), l.Shard)); // only its own shard did it
                var ok = Assert.Single(mine, l => l.Entry.Status == "ok"); // done once: never redone, never lost
                Assert.All(mine, l => Assert.Contains(l.Entry.Status, new[] { "ok", "skipped" }));
                Assert.Equal(new FileInfo(Path.Combine(outDir, o)).Length, ok.Entry.Bytes);
                Assert.EndsWith(keys[outputs.IndexOf(o)], ok.Entry.Input.Replace('\\', '/'));
                Assert.False(string.IsNullOrEmpty(ok.Entry.ModelId));
            }
            // Skipped lines come only from the rerun: the first runs each had a fresh folder.
            Assert.All(lines.Where(l => l.Shard != victim), l => Assert.Equal("ok", l.Entry.Status));
            int skipped = lines.Count(l => l.Shard == victim && l.Entry.Status == "skipped");
            int owned = outputs.Count(o => ShardCli.Owner(o, Shards) == victim);
            log.WriteLine($"shard {victim} owns {owned} files; killed mid-way: {killed}; the rerun skipped {skipped}");
            if (killed) Assert.InRange(skipped, 2, owned);
            else Assert.Equal(owned, skipped);
        }
        finally
        {
            foreach (var r in running) r.Dispose();
        }
    }

    [Fact]
    public void PackedShardKilledAndRerunHoldsEachOutputOnce()
    {
        var (list, keys) = ShardCli.Inputs(Path.Combine(_dir, "in"), 24);
        string outDir = Path.Combine(_dir, "packed");
        var outputs = keys.Select(k => Path.ChangeExtension(k, ".lgc")).ToList();
        string[] Args(int i) => ["compress", "--files-from", list, "--shard", $"{i}/2", "--pack", "tar", "-o", outDir, "--model", Fixtures.TinyModel];
        int victim = outputs.Count(o => ShardCli.Owner(o, 2) == 0) >= 12 ? 0 : 1;

        using (var other = ShardCli.Start(_dir, null, Args(1 - victim)))
        using (var shard = ShardCli.Start(_dir, null, Args(victim)))
        {
            bool killed = ShardCli.KillAfter(shard, Path.Combine(outDir, $"manifest-{victim}-of-2.jsonl"), lines: 2);
            var (code, text) = other.Wait();
            Assert.True(code == 0, text);
            log.WriteLine($"packed shard {victim} killed mid-way: {killed}"); // either way the rerun must complete the tar
        }
        var rerun = ShardCli.Run(_dir, null, Args(victim));
        Assert.True(rerun.Code == 0, rerun.Output);

        // Only the tars and the manifests: no file per output.
        Assert.Equal(["manifest-0-of-2.jsonl", "manifest-1-of-2.jsonl", "shard-0-of-2.tar", "shard-1-of-2.tar"],
            Directory.EnumerateFileSystemEntries(outDir).Select(f => Path.GetFileName(f)!).Order().ToArray());
        var all = new List<string>();
        for (int i = 0; i < 2; i++)
        {
            using var reader = new TarReader(File.OpenRead(Path.Combine(outDir, $"shard-{i}-of-2.tar")));
            while (reader.GetNextEntry() is { } e)
            {
                Assert.Equal(i, ShardCli.Owner(e.Name, 2));
                var data = new MemoryStream();
                e.DataStream!.CopyTo(data);
                LgcCodec.Inspect(data.ToArray());
                all.Add(e.Name);
            }
            var log = ShardManifest.Read(Path.Combine(outDir, $"manifest-{i}-of-2.jsonl"));
            foreach (var g in log.GroupBy(l => l.Output))
                Assert.Single(g, l => l.Status == "ok");
        }
        Assert.Equal(outputs.Order(), all.Order()); // each output once over both tars, none lost, none doubled
    }

    [Fact]
    public void DecompressAndAnalyzeTakeAListAndSkipWhatIsDone()
    {
        var (list, keys) = ShardCli.Inputs(Path.Combine(_dir, "in"), 3);
        string lgcDir = Path.Combine(_dir, "lgc"), decDir = Path.Combine(_dir, "dec"), anDir = Path.Combine(_dir, "an");
        var c = ShardCli.Run(_dir, null, "compress", "--files-from", list, "-o", lgcDir, "--model", Fixtures.TinyModel); // a list without shards
        Assert.True(c.Code == 0, c.Output);
        Assert.False(File.Exists(Path.Combine(lgcDir, "manifest-0-of-1.jsonl"))); // manifests belong to shard runs
        string lgcList = Path.Combine(lgcDir, "list.txt");
        File.WriteAllLines(lgcList, keys.Select(k => Path.ChangeExtension(k, ".lgc")));

        var env = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "1", ["SLURM_ARRAY_TASK_MIN"] = "1" }; // shard 0 of 1
        var d = ShardCli.Run(_dir, env, "decompress", "--files-from", lgcList, "--shards", "1", "-o", decDir, "--model", Fixtures.TinyModel);
        Assert.True(d.Code == 0, d.Output);
        var a = ShardCli.Run(_dir, null, "analyze", "--files-from", lgcList, "--shard", "0/1", "-o", anDir, "--model", Fixtures.TinyModel);
        Assert.True(a.Code == 0, a.Output);
        foreach (var k in keys)
        {
            Assert.True(File.Exists(Path.Combine(decDir, k)), k);
            string stem = Path.ChangeExtension(k, null);
            Assert.True(File.Exists(Path.Combine(anDir, stem + ".json")) && File.Exists(Path.Combine(anDir, stem + "_mask.png")), stem);
        }
        Assert.All(ShardManifest.Read(Path.Combine(decDir, "manifest-0-of-1.jsonl")), e => Assert.Equal("ok", e.Status));

        // A rerun skips every file, says so, and logs each as skipped with the first run's numbers.
        var again = ShardCli.Run(_dir, null, "decompress", "--files-from", lgcList, "--shard", "0/1", "-o", decDir, "--model", Fixtures.TinyModel);
        Assert.True(again.Code == 0, again.Output);
        Assert.Contains("0 of 3 files done, 3 skipped", again.Output);
        var log = ShardManifest.Read(Path.Combine(decDir, "manifest-0-of-1.jsonl"));
        Assert.Equal(6, log.Count);
        Assert.All(log.Skip(3), e => Assert.Equal("skipped", e.Status));
        Assert.Equal(log.Take(3).Select(e => (e.Output, e.Bytes, e.Bpp)), log.Skip(3).Select(e => (e.Output, e.Bytes, e.Bpp)));

        // An output logged but deleted since is redone.
        File.Delete(Path.Combine(anDir, Path.ChangeExtension(keys[0], ".json")));
        var redo = ShardCli.Run(_dir, null, "analyze", "--files-from", lgcList, "--shard", "0/1", "-o", anDir, "--model", Fixtures.TinyModel);
        Assert.True(redo.Code == 0, redo.Output);
        Assert.Contains("1 of 3 files done, 2 skipped", redo.Output);
    }
}
