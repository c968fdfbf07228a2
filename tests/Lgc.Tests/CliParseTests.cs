namespace Lgc.Tests;

/// <summary>Command-line mistakes: an unknown option is named as one (with the nearest real option), not taken for a
/// missing input; bad --threads values are one line; --threads changes nothing in the output.</summary>
public class CliParseTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("lgc-parse-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("compress", "--focre", "unknown option --focre; did you mean --force?")]
    [InlineData("compress", "--modle", "unknown option --modle; did you mean --model?")]
    [InlineData("decompress", "--fromat", "unknown option --fromat; did you mean --format?")]
    [InlineData("analyze", "--max-pixel", "unknown option --max-pixel; did you mean --max-pixels?")]
    [InlineData("compress", "--zebra-stripes", "unknown option --zebra-stripes (see lgc compress --help)")]
    [InlineData("compress", "--thread=4", "unknown option --thread; did you mean --threads?")]
    [InlineData("compress", "--threads=4x", "--threads takes a whole number, not '4x'")]
    public void AnUnknownOptionIsNamedWithASuggestion(string command, string typo, string expect)
    {
        var r = CliTests.Run(command, typo, Fixtures.KodakCrop, "--model", Fixtures.TinyModel);
        CliProcess.AssertOneLineError(r.Code, r.Err, expect);
        Assert.DoesNotContain("does not exist", r.Err);
    }

    [Fact]
    public void AFileThatLooksLikeAnOptionIsStillAFile()
    {
        File.Copy(Fixtures.KodakCrop, Path.Combine(_dir, "-odd.png"));
        var existing = CliProcess.RunIn(_dir, null, "compress", "-odd.png", "-o", "a.lgc", "--model", Fixtures.TinyModel);
        Assert.True(existing.Code == 0, existing.Err);
        var afterDashes = CliProcess.RunIn(_dir, null, "compress", "-o", "b.lgc", "--model", Fixtures.TinyModel, "--", "-gone.png");
        CliProcess.AssertOneLineError(afterDashes.Code, afterDashes.Err, "input '-gone.png' does not exist");
    }

    [Fact]
    public void OtherMistakesAreOneLineToo()
    {
        var missing = CliTests.Run("compress");
        CliProcess.AssertOneLineError(missing.Code, missing.Err, "Required argument missing");
        var extra = CliTests.Run("models", "extra");
        CliProcess.AssertOneLineError(extra.Code, extra.Err, "'extra'");
        foreach (var bad in new[] { "0", "-2", "abc", "1025" })
        {
            var r = CliTests.Run("compress", Fixtures.KodakCrop, "-o", Path.Combine(_dir, "t.lgc"), "--threads", bad, "--model", Fixtures.TinyModel);
            CliProcess.AssertOneLineError(r.Code, r.Err, "--threads");
        }
        Assert.False(File.Exists(Path.Combine(_dir, "t.lgc")));
    }

    /// <summary>The same option means the same thing on every command that has it, and is there on each.</summary>
    [Theory]
    [InlineData("compress", "--json --threads --model --rate --backend --output --force --skip-existing --file-timeout --max-pixels")]
    [InlineData("decompress", "--json --threads --model --backend --output --format --force --skip-existing --file-timeout --max-pixels")]
    [InlineData("analyze", "--json --threads --model --backend --output --force --skip-existing --file-timeout --max-pixels")]
    [InlineData("eval", "--threads --model --backend --max-pixels")]
    [InlineData("info", "--json --model --max-pixels")]
    [InlineData("models", "--json")]
    [InlineData("verify", "--json --threads --model --backend")]
    public void SharedOptionsAreOnEveryCommandThatNeedsThem(string command, string options)
    {
        var r = CliTests.Run(command, "--help");
        Assert.True(r.Code == 0, r.Err);
        foreach (var o in options.Split(' '))
            Assert.Matches($@"(?m)^\s+(-\w, )?{System.Text.RegularExpressions.Regex.Escape(o)}\b", r.Out);
        if (options.Contains("--threads")) Assert.Contains("--threads <N>", r.Out);
        if (options.Contains("--json")) Assert.Contains("JSON Lines", r.Out);
    }

    [Fact]
    public void ThreadsChangesNoByte()
    {
        string all = Path.Combine(_dir, "all.lgc"), one = Path.Combine(_dir, "one.lgc");
        Assert.Equal(0, CliTests.Run("compress", Fixtures.KodakCrop, "-o", all, "--model", Fixtures.TinyModel).Code);
        var r = CliTests.Run("compress", Fixtures.KodakCrop, "-o", one, "--threads", "1", "--model", Fixtures.TinyModel);
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal(File.ReadAllBytes(all), File.ReadAllBytes(one));
    }
}
