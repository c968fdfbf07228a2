using Lgc.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Lgc.Ort.Tests;

/// <summary>Runs one exported network (batch 1, NCHW float32) in ONNX Runtime, single-threaded for repeatability.</summary>
sealed class OrtRunner : IDisposable
{
    readonly InferenceSession _s;

    public OrtRunner(string path)
    {
        var o = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        o.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _s = new InferenceSession(path, o);
    }

    public IReadOnlyList<string> InputNames => _s.InputNames;
    public IReadOnlyList<string> OutputNames => _s.OutputNames;

    public static NamedOnnxValue Image(string name, float[] data, Shape s) =>
        NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(data, [1, s.C, s.H, s.W]));

    public static NamedOnnxValue Vector(string name, float[] data) =>
        NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(data, [1, data.Length]));

    /// <summary>Output name → (flattened values, dimensions).</summary>
    public Dictionary<string, (float[] Data, int[] Dims)> Run(params NamedOnnxValue[] inputs)
    {
        using var r = _s.Run(inputs);
        return r.ToDictionary(v => v.Name, v =>
        {
            var t = v.AsTensor<float>();
            return (t.ToArray(), t.Dimensions.ToArray());
        });
    }

    public void Dispose() => _s.Dispose();
}
