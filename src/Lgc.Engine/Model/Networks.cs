using Lgc.Tensors;

namespace Lgc.Model;

/// <summary>The lgc-v1 float networks (docs/model-format.md), built once per backend.</summary>
internal static class Networks
{
    /// <summary>g_a: x [3,H,W] → y [M,H/16,W/16].</summary>
    public static Sequential Analysis(LayerFactory f, int n, int m) => new([
        f.Conv("g_a.conv0", 3, n, 5, 2), f.Gdn("g_a.gdn0", n, false),
        f.Conv("g_a.conv1", n, n, 5, 2), f.Gdn("g_a.gdn1", n, false),
        f.Conv("g_a.conv2", n, n, 5, 2), f.Gdn("g_a.gdn2", n, false),
        f.Conv("g_a.conv3", n, m, 5, 2)]);

    /// <summary>h_a: y → z [N,H/64,W/64].</summary>
    public static Sequential HyperAnalysis(LayerFactory f, int n, int m) => new([
        f.Conv("h_a.conv0", m, n, 3, 1), f.Relu(),
        f.Conv("h_a.conv1", n, n, 5, 2), f.Relu(),
        f.Conv("h_a.conv2", n, n, 5, 2)]);

    /// <summary>t_a: x → pooled texture features [N] (the final linear runs separately).</summary>
    public static Sequential TextureConvs(LayerFactory f, int n) => new([
        f.Conv("t_a.conv0", 3, n, 5, 2), f.Relu(),
        f.Conv("t_a.conv1", n, n, 5, 2), f.Relu(),
        f.Conv("t_a.conv2", n, n, 5, 2), f.Relu(),
        f.Conv("t_a.conv3", n, n, 5, 2), f.Relu()]);

    /// <summary>RGB stem of the baseline heads: x → [M,H/16,W/16].</summary>
    public static Sequential RgbStem(LayerFactory f, int n, int m) => new([
        f.Conv("rgb.stem.conv0", 3, n, 5, 2), f.Relu(),
        f.Conv("rgb.stem.conv1", n, n, 5, 2), f.Relu(),
        f.Conv("rgb.stem.conv2", n, n, 5, 2), f.Relu(),
        f.Conv("rgb.stem.conv3", n, m, 5, 2)]);
}
