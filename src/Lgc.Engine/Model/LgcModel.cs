using Lgc.Formats;
using Lgc.Tensors;

namespace Lgc.Model;

/// <summary>A loaded weight file: every network prepared once for one backend, plus the entropy tables.</summary>
internal sealed class LgcModel
{
    public ModelConfig Config { get; }
    public uint ModelId { get; }
    public string Source { get; }
    public IBackend Backend { get; }
    public long FileBytes { get; }
    /// <summary>Stored values per network (the tensor-name prefix before the first dot: g_a, h_s, an, gc, ...).</summary>
    public IReadOnlyDictionary<string, long> ParamsByNetwork { get; }

    public Sequential Analysis { get; }
    public Sequential HyperAnalysis { get; }
    public HyperSynthesis HyperSynthesis { get; }
    public EntropyModels Entropy { get; }
    public Generator Generator { get; }
    public Sequential? TextureConvs { get; }
    public LinearWeights? TextureFc { get; }
    public AnalysisHeads? LatentHeads { get; }
    public Sequential? RgbStem { get; }
    public AnalysisHeads? RgbHeads { get; }

    LgcModel(byte[] bytes, string source, IBackend backend)
    {
        Source = source;
        Backend = backend;
        FileBytes = bytes.Length;
        ModelId = Formats.ModelId.FromBytes(bytes);
        SafeTensorsFile file;
        try { file = SafeTensorsFile.Parse(bytes); }
        catch (SafeTensorsFormatException e) { throw new LgcException($"model '{source}' is not a valid weight file: {e.Message}", e); }
        Config = ModelConfig.FromMetadata(file.Metadata, source);
        ParamsByNetwork = file.Names.GroupBy(n => n.Split('.')[0]).ToDictionary(g => g.Key, g => g.Sum(n => file.GetInfo(n).ElementCount));
        var c = Config;
        try
        {
            var w = new SafeTensorsWeights(file);
            var f = new LayerFactory(w, backend);
            Analysis = Networks.Analysis(f, c.N, c.M);
            HyperAnalysis = Networks.HyperAnalysis(f, c.N, c.M);
            Entropy = new EntropyModels(file, c);
            HyperSynthesis = new HyperSynthesis(w, c, Entropy.ScaleTableQ);
            Generator = new Generator(f, c.N, c.M, c.S);
            if (c.HasTexture)
            {
                TextureConvs = Networks.TextureConvs(f, c.N);
                TextureFc = f.Linear("t_a.fc", c.N, c.S);
            }
            if (c.HasHeads) LatentHeads = new AnalysisHeads(f, "an", c.M, c.C);
            if (c.HasHeads && c.RgbHeads)
            {
                RgbStem = Networks.RgbStem(f, c.N, c.M);
                RgbHeads = new AnalysisHeads(f, "rgb", c.M, c.C);
            }
        }
        catch (ModelMismatchException e)
        {
            throw new LgcException($"model '{source}' does not match architecture {c.Arch} (N={c.N}, M={c.M}, S={c.S}, C={c.C}): {e.Message}", e);
        }
    }

    public static LgcModel Load(string path, IBackend backend)
    {
        if (!File.Exists(path)) throw new LgcException($"model file '{path}' does not exist");
        return new LgcModel(File.ReadAllBytes(path), path, backend);
    }

    public static LgcModel FromBytes(byte[] bytes, string name, IBackend backend) => new(bytes, name, backend);

    /// <summary>The texture encoder t_a on a padded image: convs, global average pool, linear; s before rounding.</summary>
    public float[] TextureCode(Tensor x)
    {
        var feat = TextureConvs!.Run(x);
        var pooled = new float[feat.Shape.C];
        Backend.GlobalAvgPool(feat.Data, feat.Shape, pooled);
        var fc = TextureFc!;
        var s = new float[fc.Out];
        Backend.Linear(pooled, fc.Weight, fc.Bias, fc.In, fc.Out, s);
        return s;
    }
}
