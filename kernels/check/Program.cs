using System.Diagnostics;
using Lgc;
using Lgc.Kernels;
using Lgc.Kernels.Check;

// The GPU check: (a) per-op parity against the SIMD CPU backend, (b) end-to-end encode + decode with a
// real model on the device vs the CPU path, (c) images per second, CPU path measured in the same run.
// Every part catches its own failures, prints them and the next part runs; a summary ends the output.
// Exit code: 0 all parts passed, 1 a mismatch or an error, 2 bad arguments or no such device.
Options o;
try { o = Options.Parse(args); }
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var clock = Stopwatch.StartNew();
void Progress(string what) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:f1}s] {what}");
var summary = new List<string>();
bool ok = true;

Progress($"device {o.TargetName}");
using (var probe = IlgpuDevices.TryCreate(o.Target, out string why))
{
    if (probe is null)
    {
        Console.Error.WriteLine(why);
        return 2;
    }
    Console.WriteLine($"device: {probe.Name} ({probe.DeviceName})");
    if (o.Parts.Contains("ops"))
    {
        Progress("(a) per-op parity against the SIMD CPU backend");
        ok &= Part("ops", () => new OpParity(probe, o.Small).Run());
    }
}

string? model = o.Model ?? new[] { Path.Combine(AppContext.BaseDirectory, "lgc-low.safetensors"), "weights/lgc-low.safetensors" }.FirstOrDefault(File.Exists);
if ((o.Parts.Contains("e2e") || o.Parts.Contains("speed")) && model is null)
{
    summary.Add("e2e/speed: SKIPPED (no --model given and no weights/lgc-low.safetensors here)");
    ok = false;
}
else if (o.Parts.Contains("e2e") || o.Parts.Contains("speed"))
{
    LgcCodec? cpu = null, dev = null;
    try
    {
        Progress($"loading {model} on cpu and {o.TargetName}");
        var images = Inputs.Load(o.Images, o.Count, o.Small);
        cpu = LgcCodec.Load(model, "cpu");
        dev = LgcCodec.Load(model, o.TargetName);
        Console.WriteLine($"model {cpu.Config.Name} (N={cpu.Config.N}, M={cpu.Config.M}, S={cpu.Config.S}); {images.Count} images; device codec: {dev.BackendDescription}, {dev.PathDescription}");
        if (o.Parts.Contains("e2e"))
        {
            Progress("(b) end-to-end: cpu vs device, same images");
            var (c, d) = (cpu, dev);
            ok &= Part("e2e", () => EndToEnd.Run(c, d, images, summary));
        }
        if (o.Parts.Contains("speed"))
        {
            var imgs = images.Select(i => i.Image).ToList();
            Progress($"(c) images/s, batch 1 and batch {o.Batch}: cpu (SIMD) baseline");
            var (c, d) = (cpu, dev);
            ok &= Part("speed cpu", () => { Speed.Run($"cpu ({Environment.ProcessorCount} threads)", c, imgs, o.Batch, o.Seconds, summary); return true; });
            Progress($"(c) images/s: {o.TargetName}, {d.PathDescription}");
            ok &= Part("speed device", () => { Speed.Run($"{o.TargetName} {d.PathDescription}", d, imgs, o.Batch, o.Seconds, summary); return true; });
            if (o.Parts.Contains("perlayer"))
            {
                Progress($"(c) images/s: {o.TargetName}, per-layer (each layer copies its activations in and out)");
                using var p = LgcCodec.Load(model, o.TargetName, deviceResident: false);
                ok &= Part("speed per-layer", () => { Speed.Run($"{o.TargetName} per-layer", p, imgs, o.Batch, o.Seconds / 2, summary); return true; });
            }
        }
    }
    catch (Exception e)
    {
        Console.WriteLine($"ERROR loading: {e.GetType().Name}: {e.Message}");
        summary.Add($"e2e/speed: ERROR {e.Message}");
        ok = false;
    }
    finally
    {
        cpu?.Dispose();
        dev?.Dispose();
    }
}

Progress("done");
Console.WriteLine("SUMMARY");
foreach (var line in summary) Console.WriteLine($"  {line}");
Console.WriteLine(ok ? "PASS" : "FAIL");
return ok ? 0 : 1;

bool Part(string name, Func<bool> run)
{
    try
    {
        bool r = run();
        if (name == "ops") summary.Add($"ops: {(r ? "all within bounds" : "MISMATCH")}");
        return r;
    }
    catch (Exception e)
    {
        Console.WriteLine($"ERROR in {name}: {e.GetType().Name}: {e.Message}");
        summary.Add($"{name}: ERROR {e.GetType().Name}: {e.Message}");
        return false;
    }
}
