using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Lgc.Formats;

/// <summary>
/// A validated, in-memory .safetensors file. Parsing checks the whole layout up front,
/// so the accessors only have to check names, dtypes and shapes.
/// </summary>
internal sealed class SafeTensorsFile
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly long _dataStart;
    private readonly Dictionary<string, TensorInfo> _byName;

    private SafeTensorsFile(ReadOnlyMemory<byte> data, SafeTensorsHeaderParser.Parsed parsed)
    {
        _data = data;
        _dataStart = parsed.DataStart;
        _byName = new Dictionary<string, TensorInfo>(StringComparer.Ordinal);
        var names = new List<string>(parsed.Tensors.Count);
        foreach (TensorInfo t in parsed.Tensors)
        {
            _byName.Add(t.Name, t); // duplicates were rejected by the parser
            names.Add(t.Name);
        }
        Names = names;
        Metadata = parsed.Metadata;
    }

    /// <summary>Tensor names in header order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The `__metadata__` map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Total file size in bytes.</summary>
    public int Length => _data.Length;

    /// <summary>Validates and wraps <paramref name="data"/> (not copied: do not mutate it afterwards).</summary>
    public static SafeTensorsFile Parse(ReadOnlyMemory<byte> data) =>
        new(data, SafeTensorsHeaderParser.Parse(data.Span));

    public static SafeTensorsFile Load(string path) => Parse(File.ReadAllBytes(path));

    public bool Contains(string name) => _byName.ContainsKey(name);

    public bool TryGetInfo(string name, out TensorInfo info) => _byName.TryGetValue(name, out info!);

    public TensorInfo GetInfo(string name) =>
        _byName.TryGetValue(name, out TensorInfo? info) ? info : throw Missing(name);

    /// <summary>Raw little-endian bytes of a tensor.</summary>
    public ReadOnlySpan<byte> GetBytes(string name)
    {
        TensorInfo t = GetInfo(name);
        return _data.Span.Slice((int)(_dataStart + t.Begin), (int)t.ByteLength);
    }

    /// <summary>F32, F16 or BF16 tensor as float32 (F16/BF16 widen exactly).</summary>
    public float[] GetFloat32(string name)
    {
        TensorInfo t = GetInfo(name);
        ReadOnlySpan<byte> src = GetBytes(name);
        var dst = new float[t.ElementCount];
        switch (t.DType)
        {
            case SafeTensorDType.F32:
                if (BitConverter.IsLittleEndian)
                    src.CopyTo(MemoryMarshal.AsBytes(dst.AsSpan())); // byte copy: no alignment needs
                else
                    for (int i = 0; i < dst.Length; i++)
                        dst[i] = BinaryPrimitives.ReadSingleLittleEndian(src.Slice(4 * i));
                break;
            case SafeTensorDType.F16:
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(src.Slice(2 * i));
                break;
            case SafeTensorDType.BF16:
                // bf16 is the top half of a float32.
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(src.Slice(2 * i)) << 16);
                break;
            default:
                throw new ModelMismatchException($"tensor '{name}' has dtype {t.DType}, expected F32, F16 or BF16");
        }
        return dst;
    }

    /// <summary>I32 tensor, or I64 whose values all fit in int32.</summary>
    public int[] GetInt32(string name)
    {
        TensorInfo t = GetInfo(name);
        ReadOnlySpan<byte> src = GetBytes(name);
        var dst = new int[t.ElementCount];
        switch (t.DType)
        {
            case SafeTensorDType.I32:
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = BinaryPrimitives.ReadInt32LittleEndian(src.Slice(4 * i));
                break;
            case SafeTensorDType.I64:
                for (int i = 0; i < dst.Length; i++)
                {
                    long v = BinaryPrimitives.ReadInt64LittleEndian(src.Slice(8 * i));
                    if (v < int.MinValue || v > int.MaxValue)
                        throw new ModelMismatchException($"tensor '{name}': I64 element {i} = {v} does not fit in int32");
                    dst[i] = (int)v;
                }
                break;
            default:
                throw new ModelMismatchException($"tensor '{name}' has dtype {t.DType}, expected I32 or I64");
        }
        return dst;
    }

    /// <summary>Float tensor that must exist with exactly <paramref name="expectedShape"/>.</summary>
    public float[] RequireFloat32(string name, params int[] expectedShape)
    {
        RequireShape(name, expectedShape);
        return GetFloat32(name);
    }

    /// <summary>Integer tensor that must exist with exactly <paramref name="expectedShape"/>.</summary>
    public int[] RequireInt32(string name, params int[] expectedShape)
    {
        RequireShape(name, expectedShape);
        return GetInt32(name);
    }

    public TensorInfo RequireShape(string name, params int[] expectedShape)
    {
        TensorInfo t = GetInfo(name);
        if (!t.Shape.SequenceEqual(expectedShape))
            throw new ModelMismatchException(
                $"tensor '{name}': expected shape {TensorInfo.FormatShape(expectedShape)}, file has {t.ShapeText}");
        return t;
    }

    /// <summary>Metadata value that must be present.</summary>
    public string RequireMetadata(string key) =>
        Metadata.TryGetValue(key, out string? v) ? v : throw new ModelMismatchException($"missing metadata '{key}'");

    private static ModelMismatchException Missing(string name) => new($"missing tensor '{name}'");
}
