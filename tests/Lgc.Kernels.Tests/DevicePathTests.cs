using Lgc.Imaging;

namespace Lgc.Kernels.Tests;

/// <summary>
/// The codec's device-resident path on the ILGPU simulator (tiny model): it is the path taken, it
/// waits for the device once per encoded batch and twice per decoded batch, and its symbols, files
/// and reconstructions are those of the SIMD CPU path (symbols, bytes) and of the per-layer ILGPU
/// path (pixels, bit for bit), also for sizes that are not multiples of the conv tiles or of 64.
/// </summary>
public sealed class DevicePathTests : IDisposable
{
    private static string Tiny => Path.Combine(AppContext.BaseDirectory, "fixtures", "tiny.safetensors");

    private readonly LgcCodec cpu = LgcCodec.Load(Tiny, "cpu");
    private readonly LgcCodec device = LgcCodec.Load(Tiny, "ilgpu-cpu");
    private readonly LgcCodec perLayer = LgcCodec.Load(Tiny, "ilgpu-cpu", deviceResident: false);

    public void Dispose()
    {
        cpu.Dispose();
        device.Dispose();
        perLayer.Dispose();
    }

    internal static RgbImage Synthetic(int w, int h, int seed) => RgbImage.Synthetic(w, h, seed);

    [Fact]
    public void DevicePathIsTakenOnlyOnIlgpuBackends()
    {
        Assert.Equal("device-resident", device.PathDescription);
        Assert.Equal("per-layer", perLayer.PathDescription);
        Assert.Equal("per-layer", cpu.PathDescription);
        cpu.Compress(Synthetic(64, 64, 1));
        Assert.Equal(0, cpu.DeviceSynchronizations);
    }

    [Theory]
    [InlineData(64, 192)]   // 192/2 = 96 columns: not a multiple of the 16-wide conv tile
    [InlineData(320, 256)]
    [InlineData(70, 50)]    // padded to 128x64, cropped back
    public void SymbolsFilesAndPixelsMatch(int w, int h)
    {
        var img = Synthetic(w, h, w * 7 + h);
        var expected = cpu.EncodeSymbols(img);
        long before = device.DeviceSynchronizations;
        var actual = device.EncodeSymbols(img);
        Assert.Equal(1, device.DeviceSynchronizations - before);
        Assert.Equal(expected.ZShape, actual.ZShape);
        Assert.Equal(expected.ZHat, actual.ZHat);
        Assert.Equal(expected.ScaleIndex, actual.ScaleIndex);
        Assert.Equal(expected.YSym, actual.YSym);
        Assert.Equal(expected.StyleHat, actual.StyleHat);

        var file = cpu.Compress(img).Bytes;
        before = device.DeviceSynchronizations;
        Assert.Equal(file, device.Compress(img).Bytes);
        Assert.Equal(1, device.DeviceSynchronizations - before);

        before = device.DeviceSynchronizations;
        var decoded = device.Decompress(file);
        Assert.Equal(2, device.DeviceSynchronizations - before); // after h_s (indices to the range decoder), after g_s
        Assert.Equal((w, h), (decoded.Width, decoded.Height));
        Assert.Equal(perLayer.Decompress(file).Pixels, decoded.Pixels);
        var simd = cpu.Decompress(file).Pixels;
        Assert.True(simd.Zip(decoded.Pixels).All(t => Math.Abs(t.First - t.Second) <= 1), "pixels differ from the CPU path by more than one level");

        before = device.DeviceSynchronizations;
        Assert.Equal(cpu.DecodeBase(file).Data, device.DecodeBase(file).Data);
        Assert.Equal(1, device.DeviceSynchronizations - before);
    }

    [Fact]
    public void BatchesQueueEveryImageBeforeOneSynchronisation()
    {
        var images = new[] { Synthetic(64, 64, 1), Synthetic(64, 64, 2), Synthetic(128, 64, 3), Synthetic(64, 64, 4) };
        long before = device.DeviceSynchronizations;
        var files = device.CompressBatch(images).Select(r => r.Bytes).ToList();
        Assert.Equal(1, device.DeviceSynchronizations - before);
        for (int i = 0; i < images.Length; i++) Assert.Equal(cpu.Compress(images[i]).Bytes, files[i]);

        before = device.DeviceSynchronizations;
        var decoded = device.DecompressBatch(files);
        Assert.Equal(2, device.DeviceSynchronizations - before);
        for (int i = 0; i < images.Length; i++) Assert.Equal(perLayer.Decompress(files[i]).Pixels, decoded[i].Pixels);

        // plans are reused: the same batch again gives the same files
        Assert.Equal(files, device.CompressBatch(images).Select(r => r.Bytes).ToList());
    }

    [Fact]
    public void ConcurrentCallersGetTheirOwnResults()
    {
        var images = Enumerable.Range(0, 6).Select(i => Synthetic(64, 64, 50 + i)).ToArray();
        var serial = images.Select(i => cpu.Compress(i).Bytes).ToArray();
        var parallel = new byte[images.Length][];
        Parallel.For(0, images.Length, new ParallelOptions { MaxDegreeOfParallelism = 3 }, k => parallel[k] = device.Compress(images[k]).Bytes);
        for (int k = 0; k < images.Length; k++) Assert.Equal(serial[k], parallel[k]);
    }

    [Fact]
    public void PlansOfManySizesAreBoundedAndRebuiltCorrectly()
    {
        (int W, int H)[] sizes = [(64, 64), (128, 64), (64, 128), (128, 128), (192, 64), (64, 192), (256, 64), (64, 256), (192, 128), (64, 64)];
        foreach (var (w, h) in sizes)
        {
            var img = Synthetic(w, h, w + 3 * h);
            Assert.Equal(cpu.Compress(img).Bytes, device.Compress(img).Bytes);
            Assert.InRange(device.DeviceEncodeShapes, 1, 8);
        }
        Assert.Equal(8, device.DeviceEncodeShapes); // 9 distinct sizes seen, the least recently used freed
    }
}
