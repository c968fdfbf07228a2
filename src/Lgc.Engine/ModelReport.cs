using System.Text;
using Lgc.Model;
using Lgc.Tensors;

namespace Lgc;

/// <summary>Parameters, file size and multiply-accumulates per image for each part of a model (`lgc info --model`).</summary>
internal static class ModelReport
{
    public sealed record Row(string Part, string Networks, long Params, long Macs);

    public static List<Row> Rows(LgcModel m, int width = 256, int height = 256)
    {
        var c = m.Config;
        long P(params string[] nets) => nets.Sum(n => m.ParamsByNetwork.GetValueOrDefault(n));
        var x = new Shape(3, height, width);
        var y = m.Analysis.OutShape(x);
        var z = m.HyperAnalysis.OutShape(y);
        var rows = new List<Row>
        {
            new("encoder", "g_a, h_a" + (c.HasTexture ? ", t_a" : ""), P("g_a", "h_a", "t_a"),
                m.Analysis.Macs(x) + m.HyperAnalysis.Macs(y) + (m.TextureConvs?.Macs(x) ?? 0) + (long)c.N * c.S),
            new("hyper-synthesis (integer)", "h_s", P("h_s"), m.HyperSynthesis.Macs(z)),
            new("entropy tables (integers)", "z_prior, gc" + (c.HasTexture ? ", tex_prior" : ""), P("z_prior", "gc", "tex_prior"), 0),
            new("generator", "g_s", P("g_s"), m.Generator.Macs(y)),
        };
        if (m.LatentHeads != null) rows.Add(new("analysis heads on latents", "an", P("an"), m.LatentHeads.Macs(y)));
        if (m.RgbHeads != null) rows.Add(new("RGB-input heads (baseline)", "rgb", P("rgb"), m.RgbStem!.Macs(x) + m.RgbHeads.Macs(m.RgbStem.OutShape(x))));
        return rows;
    }

    public static string Describe(LgcModel m, int width = 256, int height = 256)
    {
        var c = m.Config;
        var sb = new StringBuilder();
        sb.AppendLine($"model        {m.Source}");
        sb.AppendLine($"id           {Formats.ModelId.ToHex(m.ModelId)}");
        sb.AppendLine($"name, arch   {c.Name}, {c.Arch} (N={c.N}, M={c.M}, S={c.S}, C={c.C})");
        sb.AppendLine($"file         {m.FileBytes} bytes ({m.FileBytes / 1048576.0:F2} MiB)");
        sb.AppendLine($"per {width}x{height} image:");
        sb.AppendLine($"  {"part",-28} {"networks",-24} {"parameters",12} {"MMAC",10}");
        foreach (var r in Rows(m, width, height))
            sb.AppendLine($"  {r.Part,-28} {r.Networks,-24} {r.Params,12:N0} {r.Macs / 1e6,10:F1}");
        return sb.ToString();
    }
}
