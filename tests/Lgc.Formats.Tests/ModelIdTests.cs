namespace Lgc.Formats.Tests;

public class ModelIdTests
{
    [Fact]
    public void IsSha256PrefixBigEndian()
    {
        // SHA-256("abc") = ba7816bf 8f01cfea ...
        uint id = ModelId.FromBytes("abc"u8);
        Assert.Equal(0xba7816bfu, id);
        Assert.Equal("ba7816bf", ModelId.ToHex(id));
    }

    [Fact]
    public void FromFileMatchesFromBytes()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, "abc"u8.ToArray());
            Assert.Equal(0xba7816bfu, ModelId.FromFile(path));
        }
        finally { File.Delete(path); }
    }
}
