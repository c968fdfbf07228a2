using Lgc.Formats;

namespace Lgc.Model;

/// <summary>IWeights over a validated safetensors file: shapes and dtypes are checked per tensor.</summary>
internal sealed class SafeTensorsWeights(SafeTensorsFile file) : IWeights
{
    public float[] Float(string name, params int[] shape) => file.RequireFloat32(name, shape);
    public int[] Int(string name, params int[] shape) => file.RequireInt32(name, shape);
    public bool Has(string name) => file.Contains(name);
}
