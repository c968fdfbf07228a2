using System.Diagnostics;
using Lgc.Imaging;

namespace Lgc.Kernels.Check;

/// <summary>
/// Part (c): images per second for encode (image → .lgc bytes) and decode (.lgc → image), range coder
/// included, at batch 1 (Compress/Decompress per image) and batched (CompressBatch/DecompressBatch of
/// B images: on a device codec all B images are queued before one synchronisation).
/// Each figure runs for about --seconds after one warm-up call.
/// </summary>
internal static class Speed
{
    public static void Run(string label, LgcCodec codec, List<RgbImage> images, int batch, double seconds, List<string> summary)
    {
        var files = images.Select(i => codec.Compress(i).Bytes).ToList(); // warm-up, and decode inputs
        codec.Decompress(files[0]);
        var batchImages = Enumerable.Range(0, batch).Select(i => images[i % images.Count]).ToList();
        var batchFiles = Enumerable.Range(0, batch).Select(i => files[i % files.Count]).ToList();
        string Line(string what, Func<int> step)
        {
            try
            {
                step(); // warm-up: plans for this batch size
                int done = 0;
                var sw = Stopwatch.StartNew();
                do done += step(); while (sw.Elapsed.TotalSeconds < seconds);
                double ips = done / sw.Elapsed.TotalSeconds;
                return $"{ips,9:f1} img/s ({1000 / ips,8:f2} ms/img)";
            }
            catch (Exception e) { return $"ERROR {e.GetType().Name}: {e.Message}"; }
        }
        int k = 0;
        long syncs0 = codec.DeviceSynchronizations;
        string enc1 = Line("encode b1", () => { codec.Compress(images[k++ % images.Count]); return 1; });
        Console.WriteLine($"  {label,-34} encode batch 1   {enc1}");
        string encB = Line("encode bB", () => codec.CompressBatch(batchImages).Count);
        Console.WriteLine($"  {label,-34} encode batch {batch,-3} {encB}");
        string dec1 = Line("decode b1", () => { codec.Decompress(files[k++ % files.Count]); return 1; });
        Console.WriteLine($"  {label,-34} decode batch 1   {dec1}");
        string decB = Line("decode bB", () => codec.DecompressBatch(batchFiles).Count);
        Console.WriteLine($"  {label,-34} decode batch {batch,-3} {decB}");
        if (codec.DeviceSynchronizations > syncs0) Console.WriteLine($"  {label,-34} device synchronisations: {codec.DeviceSynchronizations - syncs0} in this part");
        summary.Add($"speed {label}: encode b1 {enc1.Trim()}, b{batch} {encB.Trim()}; decode b1 {dec1.Trim()}, b{batch} {decB.Trim()}");
    }
}
