using Lgc.Lab.Evaluation;
using Lgc.Imaging;

namespace Lgc.Tests.Eval;

/// <summary>Each kind of bad input gives one message that names the file at fault.</summary>
public class EvalInputTests
{
    /// <summary>One image's problem leaves that image out with one line and keeps the rest (as compress does).</summary>
    static string Skipped(EvalSet set, params string[] kept)
    {
        Assert.Equal(kept, set.Items.Select(i => i.Id));
        var line = Assert.Single(set.Unreadable);
        Assert.EndsWith("skipped", line);
        return line;
    }

    [Fact]
    public void AGoodSetOpensWithItsLabels()
    {
        using var d = new EvalData(n: 2, size: 64);
        var set = d.Open();
        Assert.Equal(["10", "11"], set.Items.Select(i => i.Id));
        Assert.Equal(true, set.Items[1].Attributes![2]); // (k + i) % 3 == 0
        Assert.Equal(false, set.Items[1].Attributes![1]);
        Assert.Equal(64 * 64, set.LoadMask(set.Items[0]).Length);
        Assert.Equal((64, 64), (set.Width, set.Height));
    }

    [Fact]
    public void AMissingMaskIsNamed()
    {
        using var d = new EvalData(n: 2, size: 64);
        File.Delete(Path.Combine(d.Masks, "11.png"));
        var line = Skipped(d.Open(), "10");
        Assert.Contains("no mask", line);
        Assert.Contains("11.png", line);
    }

    [Fact]
    public void AMaskOfAnotherSizeIsNamed()
    {
        using var d = new EvalData(n: 2, size: 64);
        d.WriteMask("10", 32, 64, (_, _) => 0);
        var line = Skipped(d.Open(), "11");
        Assert.Contains("10.png", line);
        Assert.Contains("32x64", line);
    }

    [Fact]
    public void AColourMaskIsNamed()
    {
        using var d = new EvalData(n: 2, size: 64);
        ImageIo.SavePng(new RgbImage(64, 64), Path.Combine(d.Masks, "10.png"));
        Assert.Contains("10.png' has 24 bits per pixel", Skipped(d.Open(), "11"));
        ImageIo.SavePng(new RgbImage(64, 64), Path.Combine(d.Masks, "11.png"));
        var e = Assert.Throws<LgcException>(() => d.Open()); // nothing left to evaluate
        Assert.Contains("none of the 2 image(s)", e.Message);
    }

    [Fact]
    public void MaskValuesOutsideTheClassesAreNamed()
    {
        using var d = new EvalData(n: 1, size: 64);
        d.WriteMask("10", 64, 64, (x, y) => (byte)(x == 5 && y == 7 ? 19 : 1));
        var set = d.Open();
        var e = Assert.Throws<LgcException>(() => set.LoadMask(set.Items[0]));
        Assert.Contains("10.png", e.Message);
        Assert.Contains("value 19 at pixel (5, 7)", e.Message);
    }

    [Fact]
    public void AnAttributeTableWithoutTheImageIsNamed()
    {
        using var d = new EvalData(n: 2, size: 64);
        File.WriteAllLines(d.Attributes, File.ReadAllLines(d.Attributes).Take(2)); // header + image 10
        var line = Skipped(d.Open(), "10");
        Assert.Contains("attributes.tsv", line);
        Assert.Contains("no row '11'", line);
    }

    [Fact]
    public void AnAttributeTableWithAnotherColumnCountIsNamed()
    {
        using var d = new EvalData(n: 2, size: 64);
        var lines = File.ReadAllLines(d.Attributes);
        lines[2] = lines[2] + "\t1";
        File.WriteAllLines(d.Attributes, lines);
        var e = Assert.Throws<LgcException>(() => d.Open());
        Assert.Contains("attributes.tsv' line 3 has 41 attribute columns, expected 40", e.Message);
    }

    [Fact]
    public void ImagesOfDifferentSizesAreRefusedUnlessResized()
    {
        using var d = new EvalData(n: 2, size: 64);
        ImageIo.SavePng(CodecRoundTripTests.Synthetic(64, 48, 3), Path.Combine(d.Images, "11.png"));
        d.WriteMask("11", 64, 48, (_, _) => 0);
        Assert.Contains("11.png' is 64x48", Skipped(d.Open(), "10"));
        var set = d.Open(size: 32);
        Assert.Equal((32, 32), (set.LoadImage(set.Items[1]).Width, set.LoadImage(set.Items[1]).Height));
        Assert.Equal(32 * 32, set.LoadMask(set.Items[1]).Length);
    }

    [Fact]
    public void AnUnreadableImageIsNamedAndLeftOut()
    {
        using var d = new EvalData(n: 2, size: 64);
        File.WriteAllText(Path.Combine(d.Images, "11.png"), "not an image");
        var set = d.Open();
        Assert.Equal(["10"], set.Items.Select(i => i.Id));
        var line = Assert.Single(set.Unreadable);
        Assert.Contains("11.png", line);
        Assert.Contains("readable", line);
        File.WriteAllText(Path.Combine(d.Images, "10.png"), "not one either");
        var e = Assert.Throws<LgcException>(() => d.Open());
        Assert.Contains("none of the 2 image(s)", e.Message);
    }

    [Fact]
    public void AnIdListNamingMissingImagesIsNamed()
    {
        using var d = new EvalData(n: 2, size: 64);
        string ids = Path.Combine(d.Root, "ids.txt");
        File.WriteAllLines(ids, ["11", "99"]);
        var e = Assert.Throws<LgcException>(() => EvalSet.Open(d.Images, ids));
        Assert.Contains("ids.txt", e.Message);
        Assert.Contains("first: 99", e.Message);
        File.WriteAllLines(ids, ["11", "10"]);
        Assert.Equal(["11"], EvalSet.Open(d.Images, ids, limit: 1).Items.Select(i => i.Id));
    }
}
