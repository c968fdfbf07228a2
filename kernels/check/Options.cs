using Lgc.Kernels;

namespace Lgc.Kernels.Check;

/// <summary>
/// lgc-gpu-check [cuda|opencl|ilgpu-cpu] [--small] [--model FILE] [--images DIR] [--count N]
///               [--batch B] [--seconds S] [--parts ops,e2e,speed,perlayer]
/// </summary>
internal sealed record Options(IlgpuTarget Target, string TargetName, bool Small, string? Model, string? Images,
    int Count, int Batch, double Seconds, HashSet<string> Parts)
{
    public const string Usage =
        "usage: lgc-gpu-check [cuda|opencl|ilgpu-cpu] [--small] [--model FILE.safetensors] [--images DIR] " +
        "[--count N (images, default 4)] [--batch B (default 16)] [--seconds S (per speed measurement, default 3)] [--parts ops,e2e,speed,perlayer (default: all)]";

    public static Options Parse(string[] args)
    {
        string target = "cuda";
        bool small = false;
        string? model = null, images = null;
        int count = 4, batch = 16;
        double seconds = 3;
        var parts = new HashSet<string> { "ops", "e2e", "speed", "perlayer" };
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--small": small = true; break;
                case "--model": model = Next(); break;
                case "--images": images = Next(); break;
                case "--count": count = int.Parse(Next()); break;
                case "--batch": batch = int.Parse(Next()); break;
                case "--seconds": seconds = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--parts": parts = [.. Next().Split(',', StringSplitOptions.RemoveEmptyEntries)]; break;
                case "-h" or "--help": throw new ArgumentException(Usage);
                case var a when a.StartsWith("--"): throw new ArgumentException($"unknown option {a}\n{Usage}");
                default: target = args[i]; break;
            }
        }
        var t = target switch
        {
            "cuda" => IlgpuTarget.Cuda,
            "opencl" => IlgpuTarget.OpenCL,
            "ilgpu-cpu" => IlgpuTarget.CpuSimulator,
            _ => throw new ArgumentException($"unknown target '{target}' (cuda, opencl, ilgpu-cpu)\n{Usage}"),
        };
        if (count < 1 || batch < 1 || seconds <= 0) throw new ArgumentException($"--count, --batch and --seconds must be positive\n{Usage}");
        return new(t, target, small, model, images, count, batch, seconds, parts);
    }
}
