namespace Lgc.Formats.Tests;

/// <summary>Every single-byte change and every truncation of a real-sized file must be detected.</summary>
public class LgcCorruptionSweepTests
{
    private static byte[] Sample() => LgcContainer.Write(LgcContainerTests.Header, LgcContainerTests.ThreeLayers());

    [Fact]
    public void FlippingAnyByteIsDetected()
    {
        byte[] valid = Sample();
        Assert.InRange(valid.Length, 280, 320);
        for (int i = 0; i < valid.Length; i++)
        {
            foreach (Func<byte, byte> mutate in new Func<byte, byte>[] { b => (byte)(b ^ 0xFF), b => (byte)(b + 1), b => (byte)(b - 1), b => (byte)(b ^ 0x80) })
            {
                var f = (byte[])valid.Clone();
                f[i] = mutate(f[i]);
                Assert.Throws<LgcFormatException>(() => LgcContainer.Read(f));
            }
        }
    }

    [Fact]
    public void FlippingAnyHeaderOrBaseByteIsDetectedByBaseOnlyReader()
    {
        byte[] valid = Sample();
        int textureStart = valid.Length - 24;
        for (int i = 0; i < valid.Length; i++)
        {
            var f = (byte[])valid.Clone();
            f[i] ^= 0xFF;
            if (i < textureStart)
                Assert.Throws<LgcFormatException>(() => LgcContainer.ReadBaseOnly(f));
            else
                LgcContainer.ReadBaseOnly(f); // texture bytes are not looked at
        }
    }

    [Fact]
    public void TruncationAtEveryLengthIsDetected()
    {
        byte[] valid = Sample();
        for (int len = 0; len < valid.Length; len++)
            Assert.Throws<LgcFormatException>(() => LgcContainer.Read(valid.AsSpan(0, len)));
    }

    [Fact]
    public void RandomDamageNeverEscapesAsOtherExceptions()
    {
        byte[] valid = Sample();
        var rng = new Random(99);
        for (int iter = 0; iter < 10000; iter++)
        {
            var f = (byte[])valid.Clone();
            int k = rng.Next(1, 5);
            for (int j = 0; j < k; j++) f[rng.Next(Math.Min(f.Length, 48))] = (byte)rng.Next(256);
            if (rng.Next(3) == 0) Array.Resize(ref f, rng.Next(f.Length + 8));
            try { LgcContainer.Read(f); }
            catch (LgcFormatException) { }
            try { LgcContainer.ReadBaseOnly(f); }
            catch (LgcFormatException) { }
        }
    }
}
