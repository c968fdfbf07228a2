namespace Lgc.Cli;

static class CodecLoader
{
    /// <summary>Loads a model on the named backend; under "auto", says on stderr which backend it took and why.</summary>
    public static LgcCodec Load(string modelPath, string backend)
    {
        var codec = LgcCodec.Load(modelPath, backend);
        if (backend == "auto") Console.Error.WriteLine($"lgc: backend {codec.BackendDescription}");
        return codec;
    }
}
