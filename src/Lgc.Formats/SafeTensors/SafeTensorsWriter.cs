using System.Buffers.Binary;
using System.Text.Json;

namespace Lgc.Formats;

/// <summary>
/// Builds a .safetensors file in memory. Tensors are laid out in the order added;
/// the header is space-padded so the data section starts 8-byte aligned (as the reference writes).
/// </summary>
internal sealed class SafeTensorsWriter
{
    private readonly List<(string Name, SafeTensorDType DType, int[] Shape, byte[] Bytes)> _tensors = new();
    private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public int Count => _tensors.Count;

    public SafeTensorsWriter AddMetadata(string key, string value)
    {
        _metadata[key] = value;
        return this;
    }

    public SafeTensorsWriter AddFloat32(string name, ReadOnlySpan<float> values, params int[] shape)
    {
        var bytes = new byte[checked(values.Length * 4)];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return Add(name, SafeTensorDType.F32, shape, bytes, values.Length);
    }

    /// <summary>Stores floats as F16 (round to nearest even; out-of-range values become ±inf).</summary>
    public SafeTensorsWriter AddFloat16(string name, ReadOnlySpan<float> values, params int[] shape)
    {
        var bytes = new byte[checked(values.Length * 2)];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(2 * i), (Half)values[i]);
        return Add(name, SafeTensorDType.F16, shape, bytes, values.Length);
    }

    public SafeTensorsWriter AddInt32(string name, ReadOnlySpan<int> values, params int[] shape)
    {
        var bytes = new byte[checked(values.Length * 4)];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4 * i), values[i]);
        return Add(name, SafeTensorDType.I32, shape, bytes, values.Length);
    }

    /// <summary>Any dtype from little-endian bytes; the length must match the shape.</summary>
    public SafeTensorsWriter AddRaw(string name, SafeTensorDType dtype, ReadOnlySpan<byte> littleEndian, params int[] shape)
    {
        int size = SafeTensorDTypes.SizeOf(dtype);
        if (littleEndian.Length % size != 0)
            throw new ArgumentException($"tensor '{name}': {littleEndian.Length} bytes is not a whole number of {dtype}", nameof(littleEndian));
        return Add(name, dtype, shape, littleEndian.ToArray(), littleEndian.Length / size);
    }

    private SafeTensorsWriter Add(string name, SafeTensorDType dtype, int[] shape, byte[] bytes, int count)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name == SafeTensorsHeaderParser.MetadataKey)
            throw new ArgumentException($"'{name}' is reserved for metadata", nameof(name));
        long elements = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"tensor '{name}': negative dimension in {TensorInfo.FormatShape(shape)}", nameof(shape));
            elements = checked(elements * d);
        }
        if (elements != count)
            throw new ArgumentException($"tensor '{name}': shape {TensorInfo.FormatShape(shape)} has {elements} elements but {count} values were given", nameof(shape));
        if (!_names.Add(name))
            throw new ArgumentException($"tensor '{name}' was already added", nameof(name));
        _tensors.Add((name, dtype, (int[])shape.Clone(), bytes));
        return this;
    }

    public byte[] ToBytes()
    {
        byte[] header = BuildHeader();
        int padded = (header.Length + 7) & ~7;
        long dataLength = 0;
        foreach (var t in _tensors) dataLength += t.Bytes.Length;

        var file = new byte[checked(8 + padded + dataLength)];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)padded);
        header.CopyTo(file, 8);
        file.AsSpan(8 + header.Length, padded - header.Length).Fill((byte)' ');
        int pos = 8 + padded;
        foreach (var t in _tensors)
        {
            t.Bytes.CopyTo(file, pos);
            pos += t.Bytes.Length;
        }
        return file;
    }

    /// <summary>Writes via a temp file + rename so no reader ever sees a partial file.</summary>
    public void WriteFileAtomic(string path) => AtomicFile.WriteAllBytes(path, ToBytes());

    private byte[] BuildHeader()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            if (_metadata.Count > 0)
            {
                w.WriteStartObject(SafeTensorsHeaderParser.MetadataKey);
                foreach (var (k, v) in _metadata) w.WriteString(k, v);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var t in _tensors)
            {
                w.WriteStartObject(t.Name);
                w.WriteString("dtype", SafeTensorDTypes.Name(t.DType));
                w.WriteStartArray("shape");
                foreach (int d in t.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + t.Bytes.Length);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += t.Bytes.Length;
            }
            w.WriteEndObject();
        }
        return ms.ToArray();
    }
}
