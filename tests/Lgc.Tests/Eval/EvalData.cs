using Lgc.Lab.Evaluation;
using Lgc.Imaging;

namespace Lgc.Tests.Eval;

/// <summary>A throwaway data folder in the shared layout: images/, masks/ (classes 0-18), attributes.tsv. Synthetic and Kodak only.</summary>
sealed class EvalData : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("lgc-eval-").FullName;
    public string Images => Path.Combine(Root, "images");
    public string Masks => Path.Combine(Root, "masks");
    public string Attributes => Path.Combine(Root, "attributes.tsv");
    public string Out => Path.Combine(Root, "out");

    public EvalData(int n = 2, int size = 256)
    {
        Directory.CreateDirectory(Images);
        Directory.CreateDirectory(Masks);
        var lines = new List<string> { "idx\t" + string.Join('\t', FaceLabels.Attributes) };
        for (int i = 0; i < n; i++)
        {
            string id = (10 + i).ToString();
            var img = i == 0 && size == 256 ? ImageIo.Load(Fixtures.KodakCrop) : CodecRoundTripTests.Synthetic(size, size, i + 1);
            ImageIo.SavePng(img, Path.Combine(Images, id + ".png"));
            WriteMask(id, size, size, (x, y) => (byte)((x / 16 + y / 32 + i) % 19));
            lines.Add(id + "\t" + string.Join('\t', Enumerable.Range(0, 40).Select(k => (k + i) % 3 == 0 ? "1" : "0")));
        }
        File.WriteAllLines(Attributes, lines);
    }

    public void WriteMask(string id, int w, int h, Func<int, int, byte> f)
    {
        var m = new byte[w * h];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) m[y * w + x] = f(x, y);
        ImageIo.SaveGrayPng(m, w, h, Path.Combine(Masks, id + ".png"));
    }

    public EvalSet Open(int size = 0) => EvalSet.Open(Images, masks: Masks, attributes: Attributes, size: size);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
