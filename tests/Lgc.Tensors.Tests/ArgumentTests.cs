using Lgc.Tensors.Reference;
using Lgc.Tensors.Tests.Parity;

namespace Lgc.Tensors.Tests;

/// <summary>Every backend rejects bad lengths and shapes the same way, naming the argument.</summary>
public sealed class ArgumentTests
{
    public static IEnumerable<object[]> AllBackends() =>
        Backends.UnderTest.Keys.Append("reference").Select(k => new object[] { k });

    private static IBackend Make(string name) => name == "reference" ? new ReferenceBackend() : Backends.UnderTest[name]();

    private static void Throws(string param, Action a) => Assert.Equal(param, Assert.ThrowsAny<ArgumentException>(a).ParamName);

    [Theory]
    [MemberData(nameof(AllBackends))]
    public void LayersCheckArguments(string backend)
    {
        var b = Make(backend);
        var d = new Conv2dDesc(2, 3, 3, 1, 1);
        Throws("weight", () => b.Conv2d(d, new float[53], new float[3]));
        Throws("bias", () => b.Conv2d(d, new float[54], new float[2]));
        Throws("d", () => b.Conv2d(d with { Stride = 0 }, new float[54], new float[3]));
        Throws("d", () => b.ConvTranspose2d(new ConvTranspose2dDesc(2, 3, 3, 2, 1, 2), new float[54], new float[3]));
        Throws("gamma", () => b.Gdn(3, new float[3], new float[8], false));

        var conv = b.Conv2d(d, new float[54], new float[3]);
        var xs = new Shape(2, 4, 5);
        Throws("x", () => conv.Forward(new float[39], xs, new float[60]));
        Throws("xShape", () => conv.Forward(new float[60], new Shape(3, 4, 5), new float[60]));
        Throws("dst", () => conv.Forward(new float[40], xs, new float[59]));
        var convT = b.ConvTranspose2d(new ConvTranspose2dDesc(2, 3, 3, 2, 1, 1), new float[54], new float[3]);
        Throws("dst", () => convT.Forward(new float[40], xs, new float[3 * 8 * 10 - 1]));
    }

    [Theory]
    [MemberData(nameof(AllBackends))]
    public void StatelessOpsCheckArguments(string backend)
    {
        var b = Make(backend);
        var s = new Shape(4, 2, 3);
        Throws("dst", () => b.Relu(new float[5], new float[4]));
        Throws("b", () => b.Add(new float[5], new float[4], new float[5]));
        Throws("weight", () => b.Linear(new float[3], new float[5], new float[2], 3, 2, new float[2]));
        Throws("p", () => b.AdaIn(new float[24], s, new float[4], false, new float[24]));
        Throws("x", () => b.SoftmaxChannels(new float[23], s, new float[24]));
        Throws("dst", () => b.ArgmaxChannels(new float[24], s, new int[5]));
        Throws("sb", () => b.Concat(new float[24], s, new float[6], new Shape(1, 3, 2), new float[30]));
        Throws("s", () => b.PixelShuffle(new float[24], s, 3, new float[24]));
        Throws("s", () => b.AvgPool(new float[24], s, 2, new float[6]));
        Throws("factor", () => b.UpsampleBilinear(new float[24], s, 0, new float[24]));
        Throws("dst", () => b.UpsampleNearest(new float[24], s, 2, new float[95]));
    }

    [Fact]
    public void SimdBackendRejectsUnknownWidths() =>
        Assert.Equal("maxLanes", Assert.Throws<ArgumentOutOfRangeException>(() => new Simd.SimdBackend(3)).ParamName);

    [Fact]
    public void FixedPointOpsCheckArguments()
    {
        var d = new Conv2dDesc(1, 1, 1, 1, 0);
        Throws("weight", () => FixedPointOps.Conv2d(d, new long[4], new Shape(1, 2, 2), new int[2], new int[1], 12, false, 22, new long[4]));
        Throws("dst", () => FixedPointOps.Conv2d(d, new long[4], new Shape(1, 2, 2), new int[1], new int[1], 12, false, 22, new long[3]));
        Throws("weightFracBits", () => FixedPointOps.Conv2d(d, new long[4], new Shape(1, 2, 2), new int[1], new int[1], 0, false, 22, new long[4]));
        Throws("scaleTable", () => FixedPointOps.ScaleIndices(new long[1], [3, 2], new int[1]));
    }
}
