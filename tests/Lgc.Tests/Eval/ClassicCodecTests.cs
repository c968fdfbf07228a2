using Lgc.Lab.Evaluation;

namespace Lgc.Tests.Eval;

public class ClassicCodecTests
{
    public static TheoryData<string, int> Cases => new() { { "jpeg", 900 }, { "jpeg", 1500 }, { "webp", 700 }, { "webp", 1200 } };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BisectionReturnsTheLargestQualityAtMostTheTarget(string codec, int target)
    {
        var c = codec == "jpeg" ? ClassicCodec.Jpeg : ClassicCodec.WebP;
        var img = CodecRoundTripTests.Synthetic(64, 64, 5);
        var sizes = Enumerable.Range(1, 100).Select(q => c.Encode(img, q).Length).ToArray();
        var hit = c.AtMostBytes(img, target);
        Assert.NotNull(hit);
        var (q, file, encodes) = hit.Value;
        Assert.True(file.Length <= target, $"{file.Length} > {target}");
        Assert.Equal(sizes[q - 1], file.Length);
        Assert.InRange(encodes, 1, 8);
        // Largest such quality: every higher quality is bigger than the target (sizes here are monotone).
        Assert.All(Enumerable.Range(q + 1, 100 - q), k => Assert.True(sizes[k - 1] > target, $"q{k} is {sizes[k - 1]} bytes"));
    }

    [Fact]
    public void ATargetBelowQualityOneCannotBeReached()
    {
        var img = CodecRoundTripTests.Synthetic(64, 64, 5);
        Assert.Null(ClassicCodec.Jpeg.AtMostBytes(img, 100));
        Assert.Null(ClassicCodec.WebP.AtMostBytes(img, 20));
    }
}
