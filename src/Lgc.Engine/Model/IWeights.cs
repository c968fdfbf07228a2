namespace Lgc.Model;

/// <summary>Named tensors with shape checks; a mismatch names the tensor, the expected and the actual shape.</summary>
internal interface IWeights
{
    float[] Float(string name, params int[] shape);
    int[] Int(string name, params int[] shape);
    bool Has(string name);
}
