using Lgc.Tensors;

namespace Lgc.Model;

/// <summary>A CHW float tensor (batch 1) flowing between layers of the engine's networks.</summary>
internal readonly record struct Tensor(float[] Data, Shape Shape)
{
    public static Tensor Zeros(Shape s) => new(new float[s.Length], s);
}
