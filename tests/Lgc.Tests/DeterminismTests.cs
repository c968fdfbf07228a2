namespace Lgc.Tests;

/// <summary>
/// A file encoded on one backend decodes identically on every other: same symbols, same latents, pixels
/// within one level (issue: "encode on A, decode on B"). 20 synthetic images, the tiny model.
/// </summary>
public class DeterminismTests
{
    static readonly string[] Available = ["cpu", "reference", "ilgpu-cpu"];

    [Fact]
    public void EveryEncoderDecoderPairAgrees()
    {
        var codecs = Available.ToDictionary(n => n, n => LgcCodec.Load(Fixtures.TinyModel, n));
        try
        {
            for (int i = 0; i < 20; i++)
            {
                var img = CodecRoundTripTests.Synthetic(64 + 8 * (i % 3), 64 + 16 * (i % 2), 100 + i);
                var files = Available.ToDictionary(n => n, n => codecs[n].Compress(img).Bytes);
                // The encoders' float networks agree closely enough that every symbol, hence every byte, is the same.
                foreach (var n in Available) Assert.True(files["cpu"].AsSpan().SequenceEqual(files[n]), $"image {i}: {n} wrote a different file than cpu");

                var latents = Available.Select(n => codecs[n].DecodeBase(files["cpu"]).Data).ToList();
                foreach (var l in latents) Assert.Equal(latents[0], l);
                var pixels = Available.Select(n => codecs[n].Decompress(files["cpu"]).Pixels).ToList();
                foreach (var p in pixels)
                    Assert.True(p.Zip(pixels[0]).All(t => Math.Abs(t.First - t.Second) <= 1), $"image {i}: pixels differ by more than one level");
            }
        }
        finally { foreach (var c in codecs.Values) c.Dispose(); }
    }
}
