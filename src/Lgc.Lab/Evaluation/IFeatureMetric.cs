using Lgc.Imaging;

namespace Lgc.Lab.Evaluation;

/// <summary>
/// A set-level perceptual metric from per-image features (e.g. FD-R18: Fréchet distance of ResNet-18 pooled
/// features). Extract runs once per decoded image; Distance compares the features of the originals
/// (reference) with those of one method's decoded images (test), in the same image order.
/// </summary>
internal interface IFeatureMetric
{
    string Name { get; }
    float[] Extract(RgbImage image);
    double Distance(IReadOnlyList<float[]> reference, IReadOnlyList<float[]> test);
}

/// <summary>
/// Where `lgc eval --fd-model PATH` gets its metric: FD-R18 from a converted ResNet-18 file
/// (tools/convert_resnet18.py) unless <see cref="Factory"/> is replaced (tests, other feature networks).
/// </summary>
internal static class FeatureMetricFactory
{
    public static Func<string, IFeatureMetric>? Factory { get; set; } = FdR18Metric.Load;

    public static IFeatureMetric? Create(string? path, Action<string> note)
    {
        if (path == null) return null;
        if (!File.Exists(path)) throw new LgcException($"feature model '{path}' does not exist");
        if (Factory == null) { note($"--fd-model given, but no feature-distance implementation is wired in (FeatureMetricFactory.Factory); skipping it"); return null; }
        return Factory(path);
    }
}
