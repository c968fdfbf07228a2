using System.Globalization;

namespace Lgc.Model;

/// <summary>Architecture and hyperparameters read from a weight file's __metadata__ (docs/model-format.md).</summary>
internal sealed record ModelConfig(
    string Arch, string Name, int N, int M, int S, int C, bool RgbHeads,
    int ActFracBits, int WeightFracBits, int ClampBits, int CdfPrecision)
{
    public const string Format = "lgc-safetensors";
    public const string FormatVersion = "1";
    public static readonly string[] KnownArchs = ["lgc-v1", "hyperprior-v1"];

    public bool HasTexture => S > 0;
    public bool HasHeads => C > 0;

    public static ModelConfig FromMetadata(IReadOnlyDictionary<string, string> meta, string source)
    {
        string Get(string key) => meta.TryGetValue(key, out var v)
            ? v : throw new LgcException($"model '{source}': metadata has no '{key}' (not an LGC weight file?)");
        int Int(string key, int min, int max)
        {
            string v = Get(key);
            if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int r) || r < min || r > max)
                throw new LgcException($"model '{source}': metadata '{key}' = '{v}' is not an integer in [{min}, {max}]");
            return r;
        }
        if (Get("format") != Format) throw new LgcException($"model '{source}': format '{meta["format"]}' is not '{Format}'");
        if (Get("format_version") != FormatVersion)
            throw new LgcException($"model '{source}': format version {meta["format_version"]} is not supported (this engine reads version {FormatVersion})");
        string arch = Get("arch");
        if (!KnownArchs.Contains(arch))
            throw new LgcException($"model '{source}': architecture '{arch}' is not one this engine runs ({string.Join(", ", KnownArchs)})");
        var cfg = new ModelConfig(arch, meta.TryGetValue("name", out var n) ? n : Path.GetFileNameWithoutExtension(source),
            Int("N", 1, 4096), Int("M", 1, 4096), Int("S", 0, 4096), Int("C", 0, 4096),
            Get("rgb_heads") switch { "true" => true, "false" => false, var v => throw new LgcException($"model '{source}': rgb_heads = '{v}' is not true/false") },
            Int("hs_act_frac_bits", 0, 20), Int("hs_weight_frac_bits", 1, 24), Int("hs_clamp_bits", 8, 40), Int("cdf_precision", 8, 16));
        // The generator's AdaIN is x·(1 + p) + q with no statistic over the plane (what lets it run in bands); refuse any other kind.
        if (meta.TryGetValue("adain_instance_norm", out var norm) && norm != "false")
            throw new LgcException($"model '{source}': adain_instance_norm = '{norm}' is not supported (lgc-v1 AdaIN has no instance norm)");
        if ((arch == "hyperprior-v1") != (cfg.S == 0))
            throw new LgcException($"model '{source}': arch '{arch}' does not match S = {cfg.S}");
        return cfg;
    }
}
