using static Lgc.Formats.Tests.SafeTensorsTestFiles;

namespace Lgc.Formats.Tests;

/// <summary>Each malformed case from the reference crate's validation, built by hand.</summary>
public class SafeTensorsValidationTests
{
    private static string Fails(byte[] file) =>
        Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsFile.Parse(file)).Message;

    private const string OneF32 = "{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

    [Fact]
    public void ValidHandBuiltFileParses()
    {
        var f = SafeTensorsFile.Parse(Build(OneF32, 8));
        Assert.Equal(new[] { "t" }, f.Names);
        // Unknown fields are ignored, null metadata means none (both as the reference).
        SafeTensorsFile.Parse(Build("{\"__metadata__\":null,\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"extra\":1}}", 8));
        SafeTensorsFile.Parse(Build("{}", 0));
    }

    [Fact]
    public void TooShortForSizeField() => Assert.Contains("too short", Fails(new byte[7]));

    [Fact]
    public void HeaderSizeOverLimit() => Assert.Contains("limit", Fails(Build(OneF32, 8, 100_000_001)));

    [Fact]
    public void HeaderSizeBeyondFile() => Assert.Contains("exceeds", Fails(Build(OneF32, 8, (ulong)OneF32.Length + 9)));

    [Fact]
    public void HeaderSizeHuge() => Assert.Contains("limit", Fails(Build(OneF32, 8, ulong.MaxValue)));

    [Fact]
    public void InvalidUtf8() => Assert.Contains("UTF-8", Fails(Build(new byte[] { (byte)'{', 0xC3, 0x28, (byte)'}' }, 0)));

    [Fact]
    public void NotAnObject() => Assert.Contains("'{'", Fails(Build("[1,2]", 0)));

    [Fact]
    public void LeadingSpaceRejected() => Assert.Contains("'{'", Fails(Build(" {}", 0)));

    [Fact]
    public void EmptyHeader() => Assert.Contains("'{'", Fails(Build("", 0)));

    [Theory]
    [InlineData("{\"t\":")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",}}")]
    [InlineData("{} x")]
    [InlineData("{\"a\":1 // c\n}")]
    public void InvalidJson(string json) => Assert.Contains("JSON", Fails(Build(json, 0)));

    [Fact]
    public void UnpairedSurrogateInName() =>
        Assert.Contains("JSON", Fails(Build("{\"\\uD800\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]}}", 0)));

    [Theory]
    [InlineData("F8_E4M3")]
    [InlineData("f32")]
    [InlineData("Q4_0")]
    public void UnsupportedDtypeNamed(string dtype)
    {
        string m = Fails(Build("{\"t\":{\"dtype\":\"" + dtype + "\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2));
        Assert.Contains($"'{dtype}'", m);
        Assert.Contains("'t'", m);
    }

    [Theory]
    [InlineData("{\"t\":{\"shape\":[2],\"data_offsets\":[0,8]}}", "missing field 'dtype'")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", "missing field 'shape'")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[2]}}", "missing field 'data_offsets'")]
    [InlineData("{\"t\":{\"dtype\":5,\"shape\":[2],\"data_offsets\":[0,8]}}", "dtype is Number")]
    [InlineData("{\"t\":[1]}", "expected an object")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]}}", "shape is Number")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", "negative")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", "shape[0] is not an integer")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]}}", "shape[0] is not an integer")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[3000000000],\"data_offsets\":[0,8]}}", "larger than")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", "array of 2")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,8]}}", "array of 2")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-1,8]}}", "data_offsets[0]")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,99999999999999999999]}}", "data_offsets[1]")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,9223372036854775808]}}", "too large")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}", "before begin")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", "duplicate field 'dtype'")]
    public void BadTensorEntry(string json, string expected)
    {
        string m = Fails(Build(json, 8));
        Assert.Contains("'t'", m);
        Assert.Contains(expected, m);
    }

    [Fact]
    public void SizeMismatchMessageNamesEverything() =>
        Assert.Equal("tensor 'g_a.conv0.weight': data_offsets [0, 100) hold 100 bytes but F32 [8,3,5,5] needs 2400",
            Fails(Build("{\"g_a.conv0.weight\":{\"dtype\":\"F32\",\"shape\":[8,3,5,5],\"data_offsets\":[0,100]}}", 100)));

    [Fact]
    public void ShapeProductOverflow() =>
        Assert.Contains("overflows", Fails(Build(
            "{\"t\":{\"dtype\":\"F64\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,8]}}", 8)));

    [Fact]
    public void OverflowAfterZeroDimIsFine()
    {
        // A zero dimension makes the product 0 before it can overflow: valid empty tensor.
        SafeTensorsFile.Parse(Build("{\"t\":{\"dtype\":\"F64\",\"shape\":[0,2147483647,2147483647,2147483647],\"data_offsets\":[0,0]}}", 0));
    }

    [Fact]
    public void DuplicateTensorName() =>
        Assert.Contains("duplicate key 't'", Fails(Build(
            "{\"t\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},\"t\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}", 2)));

    [Fact]
    public void DuplicateMetadataBlock() =>
        Assert.Contains("duplicate key '__metadata__'", Fails(Build("{\"__metadata__\":{},\"__metadata__\":{}}", 0)));

    [Fact]
    public void DuplicateMetadataKey() =>
        Assert.Contains("duplicate key 'a'", Fails(Build("{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}}", 0)));

    [Theory]
    [InlineData("{\"__metadata__\":{\"a\":1}}", "'a' is Number")]
    [InlineData("{\"__metadata__\":[\"a\"]}", "expected an object")]
    public void BadMetadata(string json, string expected) => Assert.Contains(expected, Fails(Build(json, 0)));

    [Fact]
    public void GapBetweenTensors() =>
        Assert.Contains("gap", Fails(Build(
            "{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[3,5]}}", 5)));

    [Fact]
    public void OverlappingTensors()
    {
        string m = Fails(Build(
            "{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[1,3]}}", 3));
        Assert.Contains("overlap", m);
        Assert.Contains("'b'", m);
        Assert.Contains("'a'", m);
    }

    [Fact]
    public void FirstTensorNotAtZero() =>
        Assert.Contains("starts at 0", Fails(Build("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[1,3]}}", 3)));

    [Fact]
    public void OutOfOrderButContiguousIsValid()
    {
        var f = SafeTensorsFile.Parse(Build(
            "{\"b\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[2,3]},\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}", 3));
        Assert.Equal(new byte[] { 15 }, f.GetBytes("b").ToArray());
    }

    [Fact]
    public void TrailingDataBytes() => Assert.Contains("trailing", Fails(Build(OneF32, 9)));

    [Fact]
    public void DataShorterThanOffsets() => Assert.Contains("truncated", Fails(Build(OneF32, 7)));
}
