namespace Lgc.Tensors.Tests.Parity;

/// <summary>
/// Runs an op into an exact-length slice of a larger buffer whose margins hold a sentinel,
/// then checks the margins are untouched (catches out-of-bounds writes from pointer code).
/// </summary>
public static class Guarded
{
    private const int Margin = 67;

    public delegate void Writer<T>(Span<T> dst);

    public static T[] Run<T>(int length, T sentinel, Writer<T> op) where T : unmanaged, IEquatable<T>
    {
        var buf = new T[length + 2 * Margin];
        buf.AsSpan().Fill(sentinel);
        op(buf.AsSpan(Margin, length));
        for (int i = 0; i < Margin; i++)
        {
            Assert.True(buf[i].Equals(sentinel), $"guard before dst overwritten at -{Margin - i}");
            Assert.True(buf[Margin + length + i].Equals(sentinel), $"guard after dst overwritten at +{i}");
        }
        return buf.AsSpan(Margin, length).ToArray();
    }

    public static float[] Run(int length, Writer<float> op) => Run(length, -31337.25f, op);
}
