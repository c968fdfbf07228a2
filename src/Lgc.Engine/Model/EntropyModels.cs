using Lgc.Entropy;

namespace Lgc.Model;

/// <summary>The integer CDF tables of the three entropy models, exactly as exported (never derived from floats here).</summary>
internal sealed class EntropyModels
{
    public CdfTables ZPrior { get; }
    public CdfTables? TexPrior { get; }
    public CdfTables Gaussian { get; }
    public int[] ScaleTableQ { get; }

    public EntropyModels(Formats.SafeTensorsFile f, ModelConfig c)
    {
        ZPrior = Load(f, "z_prior", c.N, c.CdfPrecision);
        TexPrior = c.HasTexture ? Load(f, "tex_prior", c.S, c.CdfPrecision) : null;
        var gcInfo = f.GetInfo("gc.cdf");
        if (gcInfo.Shape.Count != 2) throw new LgcException($"tensor 'gc.cdf' must be 2-D, is {gcInfo.ShapeText}");
        int levels = gcInfo.Shape[0];
        if (levels < 1) throw new LgcException("tensor 'gc.cdf' has no scale levels");
        Gaussian = Load(f, "gc", levels, c.CdfPrecision);
        ScaleTableQ = f.RequireInt32("gc.scale_table_q", levels);
        for (int i = 1; i < levels; i++)
            if (ScaleTableQ[i] <= ScaleTableQ[i - 1]) throw new LgcException($"tensor 'gc.scale_table_q' is not increasing at {i}");
    }

    static CdfTables Load(Formats.SafeTensorsFile f, string p, int tables, int precision)
    {
        var info = f.GetInfo(p + ".cdf");
        if (info.Shape.Count != 2 || info.Shape[0] != tables)
            throw new Formats.ModelMismatchException($"tensor '{p}.cdf' has shape {info.ShapeText}, expected [{tables}, L]");
        int lmax = info.Shape[1];
        // Every table needs 0, one symbol, the escape and 2^precision: fewer columns cannot be a table.
        if (lmax < 3)
            throw new LgcException($"entropy model '{p}': tensor '{p}.cdf' has {lmax} columns, at least 3 are needed");
        try
        {
            return new CdfTables(f.RequireInt32(p + ".cdf", tables, lmax), tables, lmax,
                f.RequireInt32(p + ".cdf_length", tables), f.RequireInt32(p + ".offset", tables), precision);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        { throw new LgcException($"entropy model '{p}': {e.Message}", e); }
    }
}
