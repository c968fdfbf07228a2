using BenchmarkDotNet.Attributes;
using Lgc.Entropy;

namespace Lgc.Bench;

/// <summary>
/// ns/symbol of the range coder with one Gaussian table per run (1M symbols from the table's own
/// distribution). Baseline: the same decoder with a naive linear CDF search instead of the lookup.
/// </summary>
public class EntropyBenchmarks
{
    private const int N = 1 << 20;

    [Params(0.5, 4.0, 32.0)]
    public double Scale;

    private CdfTables _tables = null!;
    private int[] _values = null!;
    private int[] _tableIndex = null!;
    private int[] _decoded = null!;
    private byte[] _stream = null!;
    private readonly RangeEncoder _encoder = new(N * 2);

    [GlobalSetup]
    public void Setup()
    {
        _tables = EntropyTableBuilder.Single(Scale);
        _values = EntropyTableBuilder.Sample(_tables, N, 1);
        _tableIndex = new int[N];
        _decoded = new int[N];
        var enc = new RangeEncoder(N * 2);
        IndexedSymbolCoder.Encode(enc, _tables, _values, _tableIndex);
        _stream = enc.ToArray();
    }

    [Benchmark(OperationsPerInvoke = N)]
    public int Encode()
    {
        _encoder.Reset();
        IndexedSymbolCoder.Encode(_encoder, _tables, _values, _tableIndex);
        return _encoder.Finish();
    }

    [Benchmark(OperationsPerInvoke = N)]
    public int Decode()
    {
        var dec = new RangeDecoder(_stream);
        IndexedSymbolCoder.Decode(ref dec, _tables, _tableIndex, _decoded);
        return _decoded[N - 1];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    public int DecodeLinearSearch()
    {
        var dec = new RangeDecoder(_stream);
        ReadOnlySpan<int> cdf = _tables.Cdf(0);
        int escape = _tables.EscapeSymbol(0), offset = _tables.Offset(0);
        for (int i = 0; i < N; i++)
        {
            uint f = dec.GetFreq(16);
            int s = 0;
            while ((uint)cdf[s + 1] <= f) s++;
            dec.Consume((uint)cdf[s], (uint)(cdf[s + 1] - cdf[s]));
            _decoded[i] = s < escape ? s + offset : EscapeCode.Decode(ref dec, offset, escape);
        }
        return _decoded[N - 1];
    }
}
