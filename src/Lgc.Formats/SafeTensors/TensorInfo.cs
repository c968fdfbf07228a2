namespace Lgc.Formats;

/// <summary>One tensor's header entry. Begin/End are byte offsets relative to the data section.</summary>
internal sealed class TensorInfo
{
    public TensorInfo(string name, SafeTensorDType dtype, int[] shape, long begin, long end)
    {
        Name = name;
        DType = dtype;
        Shape = shape;
        Begin = begin;
        End = end;
    }

    public string Name { get; }
    public SafeTensorDType DType { get; }
    public IReadOnlyList<int> Shape { get; }
    public long Begin { get; }
    public long End { get; }
    public long ByteLength => End - Begin;

    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (int d in Shape) n *= d; // cannot overflow: validated at parse time
            return n;
        }
    }

    public string ShapeText => FormatShape(Shape);

    public static string FormatShape(IReadOnlyList<int> shape) => "[" + string.Join(",", shape) + "]";

    public override string ToString() => $"{Name}: {DType} {ShapeText} [{Begin}, {End})";
}
