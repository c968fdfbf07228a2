using System.Buffers.Binary;
using System.Text.Unicode;
using System.Text.Json;

namespace Lgc.Formats;

/// <summary>
/// Parses and validates a safetensors header the way the Rust `safetensors` crate does,
/// plus stricter checks (duplicate keys, dims that fit in int). Every failure is a
/// <see cref="SafeTensorsFormatException"/>.
/// </summary>
internal static class SafeTensorsHeaderParser
{
    public const long MaxHeaderSize = 100_000_000; // same limit as the reference crate
    public const string MetadataKey = "__metadata__";

    public readonly record struct Parsed(
        long DataStart,
        List<TensorInfo> Tensors,
        Dictionary<string, string> Metadata);

    public static Parsed Parse(ReadOnlySpan<byte> file)
    {
        if (file.Length < 8)
            throw Fail($"file is {file.Length} bytes, too short for the 8-byte header size");
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (n > MaxHeaderSize)
            throw Fail($"header size {n} exceeds the {MaxHeaderSize}-byte limit");
        if (n > (ulong)(file.Length - 8))
            throw Fail($"header size {n} exceeds the {file.Length - 8} bytes after the size field (truncated file?)");

        ReadOnlySpan<byte> json = file.Slice(8, (int)n);
        if (!Utf8.IsValid(json))
            throw Fail("header is not valid UTF-8");
        if (json.Length == 0 || json[0] != (byte)'{')
            throw Fail("header does not start with '{'");

        var tensors = new List<TensorInfo>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            // JsonDocument needs memory it can hold on to; headers are small, copy once.
            using var doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw Fail("header JSON is not an object");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty prop in doc.RootElement.EnumerateObject())
            {
                string name = prop.Name;
                if (!seen.Add(name))
                    throw Fail($"duplicate key '{name}' in header");
                if (name == MetadataKey)
                    ReadMetadata(prop.Value, metadata);
                else
                    tensors.Add(ReadTensor(name, prop.Value));
            }
        }
        catch (JsonException e)
        {
            throw new SafeTensorsFormatException($"header is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e) // e.g. a string with an unpaired \uD800 escape
        {
            throw new SafeTensorsFormatException($"header JSON has an invalid string: {e.Message}", e);
        }

        long dataLength = file.Length - 8 - (long)n;
        CheckLayout(tensors, dataLength);
        return new Parsed(8 + (long)n, tensors, metadata);
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind == JsonValueKind.Null)
            return; // the reference treats metadata as optional
        if (value.ValueKind != JsonValueKind.Object)
            throw Fail($"'{MetadataKey}' is {value.ValueKind}, expected an object of strings");
        foreach (JsonProperty p in value.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String)
                throw Fail($"'{MetadataKey}' entry '{p.Name}' is {p.Value.ValueKind}, expected a string");
            if (!metadata.TryAdd(p.Name, p.Value.GetString()!))
                throw Fail($"duplicate key '{p.Name}' in '{MetadataKey}'");
        }
    }

    private static TensorInfo ReadTensor(string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Fail($"tensor '{name}': entry is {value.ValueKind}, expected an object");

        JsonElement? dtypeEl = null, shapeEl = null, offsetsEl = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty p in value.EnumerateObject())
        {
            if (!seen.Add(p.Name))
                throw Fail($"tensor '{name}': duplicate field '{p.Name}'");
            switch (p.Name)
            {
                case "dtype": dtypeEl = p.Value; break;
                case "shape": shapeEl = p.Value; break;
                case "data_offsets": offsetsEl = p.Value; break;
                default: break; // unknown fields are ignored, as the reference does
            }
        }

        if (dtypeEl is not { } dt) throw Fail($"tensor '{name}': missing field 'dtype'");
        if (shapeEl is not { } sh) throw Fail($"tensor '{name}': missing field 'shape'");
        if (offsetsEl is not { } of) throw Fail($"tensor '{name}': missing field 'data_offsets'");

        if (dt.ValueKind != JsonValueKind.String)
            throw Fail($"tensor '{name}': dtype is {dt.ValueKind}, expected a string");
        string dtypeName = dt.GetString()!;
        if (!SafeTensorDTypes.TryParse(dtypeName, out SafeTensorDType dtype))
            throw Fail($"tensor '{name}': unsupported dtype '{dtypeName}'");

        int[] shape = ReadShape(name, sh);
        (long begin, long end) = ReadOffsets(name, of);

        // Checked: a hostile shape can overflow 64 bits long before it is compared to the file.
        long needed;
        try
        {
            needed = SafeTensorDTypes.SizeOf(dtype);
            foreach (int d in shape) needed = checked(needed * d);
        }
        catch (OverflowException)
        {
            throw Fail($"tensor '{name}': byte size of {dtypeName} {TensorInfo.FormatShape(shape)} overflows 64 bits");
        }
        if (end - begin != needed)
            throw Fail($"tensor '{name}': data_offsets [{begin}, {end}) hold {end - begin} bytes " +
                       $"but {dtypeName} {TensorInfo.FormatShape(shape)} needs {needed}");
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private static int[] ReadShape(string name, JsonElement sh)
    {
        if (sh.ValueKind != JsonValueKind.Array)
            throw Fail($"tensor '{name}': shape is {sh.ValueKind}, expected an array");
        var shape = new int[sh.GetArrayLength()];
        int i = 0;
        foreach (JsonElement d in sh.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long v))
                throw Fail($"tensor '{name}': shape[{i}] is not an integer");
            if (v < 0)
                throw Fail($"tensor '{name}': shape[{i}] = {v} is negative");
            if (v > int.MaxValue)
                throw Fail($"tensor '{name}': shape[{i}] = {v} is larger than {int.MaxValue}");
            shape[i++] = (int)v;
        }
        return shape;
    }

    private static (long Begin, long End) ReadOffsets(string name, JsonElement of)
    {
        if (of.ValueKind != JsonValueKind.Array || of.GetArrayLength() != 2)
            throw Fail($"tensor '{name}': data_offsets must be an array of 2 integers");
        var v = new long[2];
        int i = 0;
        foreach (JsonElement e in of.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetUInt64(out ulong u))
                throw Fail($"tensor '{name}': data_offsets[{i}] is not a non-negative integer");
            if (u > long.MaxValue)
                throw Fail($"tensor '{name}': data_offsets[{i}] = {u} is too large");
            v[i++] = (long)u;
        }
        if (v[1] < v[0])
            throw Fail($"tensor '{name}': data_offsets end {v[1]} is before begin {v[0]}");
        return (v[0], v[1]);
    }

    /// <summary>Tensors sorted by offset must tile the data section exactly: no gap, overlap or tail.</summary>
    private static void CheckLayout(List<TensorInfo> tensors, long dataLength)
    {
        var sorted = tensors.ToArray();
        Array.Sort(sorted, (a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long pos = 0;
        TensorInfo? prev = null;
        foreach (TensorInfo t in sorted)
        {
            if (t.Begin != pos)
            {
                string after = prev is null ? "the data section starts at 0" : $"previous tensor '{prev.Name}' ends at {pos}";
                string what = t.Begin > pos ? "gap" : "overlap";
                throw Fail($"tensor '{t.Name}': data_offsets begin {t.Begin} but {after} ({what})");
            }
            pos = t.End;
            prev = t;
        }
        if (pos != dataLength)
            throw Fail($"data section is {dataLength} bytes but the tensors cover {pos} " +
                       (pos < dataLength ? "(trailing bytes)" : "(truncated file?)"));
    }

    private static SafeTensorsFormatException Fail(string message) => new(message);
}
