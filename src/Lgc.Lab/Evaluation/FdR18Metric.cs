using Lgc.Imaging;
using Lgc.Lab.Perception;

namespace Lgc.Lab.Evaluation;

/// <summary>
/// FD-R18 (non-standard): Fréchet distance between the pooled ImageNet ResNet-18 features of the
/// originals and of a method's decoded images, computed by the engine (docs/fd-r18.md).
/// </summary>
internal sealed class FdR18Metric(ResNet18Features net) : IFeatureMetric
{
    public string Name => ResNet18Features.MetricName;

    public float[] Extract(RgbImage image) => net.Pooled(image);

    public double Distance(IReadOnlyList<float[]> reference, IReadOnlyList<float[]> test) =>
        FrechetDistance.Compute(reference, test);

    public static FdR18Metric Load(string path) => new(ResNet18Features.Load(path));
}
