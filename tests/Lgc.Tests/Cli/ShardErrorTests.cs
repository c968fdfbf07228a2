namespace Lgc.Tests;

/// <summary>Mistakes with --files-from, --shard, --shards and --pack are one line (exit 1), before any work.</summary>
public class ShardErrorTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("lgc-shard-err-").FullName;
    readonly string _list;

    public ShardErrorTests()
    {
        File.Copy(Fixtures.KodakCrop, Path.Combine(_dir, "a.png"));
        _list = Path.Combine(_dir, "list.txt");
        File.WriteAllLines(_list, ["a.png"]);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Out => Path.Combine(_dir, "out");

    void Fails(string expect, IDictionary<string, string>? env, params string[] args)
    {
        var r = ShardCli.Run(_dir, env, ["compress", .. args, "--model", Fixtures.TinyModel]);
        CliProcess.AssertOneLineError(r.Code, r.Output, expect);
        Assert.False(Directory.Exists(Out), "a refused run wrote nothing");
    }

    [Theory]
    [InlineData("--shard 5/4: shard index 5 is outside 0..3", "--shard", "5/4")]
    [InlineData("--shard -1/4: shard index -1 is outside 0..3", "--shard", "-1/4")]
    [InlineData("--shard 'x': expected i/n", "--shard", "x")]
    [InlineData("--shard '1/2/3': expected i/n", "--shard", "1/2/3")]
    [InlineData("--shard 0/0: the count must be at least 1", "--shard", "0/0")]
    [InlineData("give either --shard i/n or --shards n, not both", "--shard", "0/2", "--shards", "2")]
    [InlineData("--shards 0: the count must be at least 1", "--shards", "0")]
    [InlineData("--shards 'four': expected the number of shards", "--shards", "four")]
    [InlineData("--pack 'zip': the only packing is tar", "--shard", "0/1", "--pack", "zip")]
    [InlineData("--pack tar packs a shard's outputs: give --shard i/n or --shards n", "--pack", "tar")]
    [InlineData("--force cannot replace entries of a tar", "--shard", "0/1", "--pack", "tar", "--force")]
    public void BadShardOptions(string expect, params string[] options) => Fails(expect, null, ["--files-from", _list, "-o", Out, .. options]);

    [Fact]
    public void ShardsNeedAnIndexFromTheCluster()
    {
        Fails("--shards 4 reads the shard index from JOB_COMPLETION_INDEX", null, "--files-from", _list, "-o", Out, "--shards", "4");
        Fails("JOB_COMPLETION_INDEX: shard index 4 is outside 0..3", new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "4" },
            "--files-from", _list, "-o", Out, "--shards", "4");
        Fails("SLURM_ARRAY_TASK_ID='a' is not an integer", new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "a" },
            "--files-from", _list, "-o", Out, "--shards", "4");
    }

    [Fact]
    public void ShardsWriteIntoAnOutputFolder()
    {
        Fails("--shard writes into a folder: give -o FOLDER", null, "--files-from", _list, "--shard", "0/2");
        Fails("--shards writes into a folder: give -o FOLDER", new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "0" },
            "--files-from", _list, "--shards", "2", "-o", "-");
        Fails($"--shard writes into a folder, and -o '{_list}' is a file", null, "--files-from", _list, "--shard", "0/2", "-o", _list);
        Fails("--files-from writes into a folder: give -o FOLDER", null, "--files-from", _list);
        Fails("--shard splits a set of files; '-' (stdin) is one stream", null, "-", "--shard", "0/2", "-o", Out);
    }

    [Fact]
    public void BadLists()
    {
        Fails("--files-from: list 'nope.txt' does not exist", null, "--files-from", "nope.txt", "--shard", "0/2", "-o", Out);
        File.WriteAllLines(Path.Combine(_dir, "up.txt"), ["a.png", "../b.png"]);
        Fails("up.txt:2: '../b.png' contains '..'", null, "--files-from", Path.Combine(_dir, "up.txt"), "--shard", "0/2", "-o", Out);
        File.WriteAllLines(Path.Combine(_dir, "empty.txt"), ["# nothing", ""]);
        Fails("names no files", null, "--files-from", Path.Combine(_dir, "empty.txt"), "-o", Out);
        Fails("give input paths or --files-from LIST, not both", null, "a.png", "--files-from", _list, "-o", Out);
        Fails("Required argument missing", null, "-o", Out);
    }
}
