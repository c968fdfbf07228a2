using System.Globalization;

namespace Lgc.Lab.Evaluation;

/// <summary>
/// One (image, method) result, one line of per_image.csv. Machine-vision fields hold per-image counts (not
/// scores) so the set-level sums can be rebuilt from the file after a restart.
/// </summary>
internal sealed record EvalRow
{
    public required string Image { get; init; }
    public required string Method { get; init; }
    public required string Family { get; init; }
    public int Quality { get; init; }
    /// <summary>ok, cannot_reach (a matched baseline whose quality 1 is still too big).</summary>
    public string Status { get; init; } = "ok";
    /// <summary>File bytes of this method; for cannot_reach rows, the .lgc file's bytes that could not be matched.</summary>
    public long Bytes { get; init; }
    public long HeaderBytes { get; init; }
    public long PayloadBytes { get; init; }
    public double Bpp { get; init; } = double.NaN;
    public double Psnr { get; init; } = double.NaN;
    public double MsSsim { get; init; } = double.NaN;
    /// <summary>Analysis time: bitstream → heads (latents rows), decode + RGB heads (lgc rows), RGB heads alone (baselines).</summary>
    public double Ms { get; init; } = double.NaN;
    public long PixCorrect { get; init; }
    public long PixTotal { get; init; }
    public long[]? Inter { get; init; }
    public long[]? Union { get; init; }
    /// <summary>Predicted attribute labels as 40 characters '0'/'1'.</summary>
    public string? AttrPred { get; init; }

    public bool Ok => Status == "ok";

    public static readonly string Header =
        "image,method,family,quality,status,bytes,header_bytes,payload_bytes,bpp,psnr,ms_ssim,ms,pix_correct,pix_total,inter,union,attr_pred";

    public string ToCsv() => string.Join(',', Quote(Image), Quote(Method), Family, I(Quality), Status, I(Bytes), I(HeaderBytes), I(PayloadBytes),
        D(Bpp), D(Psnr), D(MsSsim), D(Ms), I(PixCorrect), I(PixTotal), L(Inter), L(Union), AttrPred ?? "");

    public static EvalRow Parse(string line)
    {
        var c = Split(line);
        if (c.Count != 17) throw new FormatException($"{c.Count} fields, expected 17");
        var (method, family) = EvalMethod.Legacy(c[1], c[2]);
        return new EvalRow
        {
            Image = c[0], Method = method, Family = family, Quality = int.Parse(c[3], CultureInfo.InvariantCulture), Status = c[4],
            Bytes = long.Parse(c[5], CultureInfo.InvariantCulture), HeaderBytes = long.Parse(c[6], CultureInfo.InvariantCulture),
            PayloadBytes = long.Parse(c[7], CultureInfo.InvariantCulture), Bpp = PD(c[8]), Psnr = PD(c[9]), MsSsim = PD(c[10]), Ms = PD(c[11]),
            PixCorrect = long.Parse(c[12], CultureInfo.InvariantCulture), PixTotal = long.Parse(c[13], CultureInfo.InvariantCulture),
            Inter = PL(c[14]), Union = PL(c[15]), AttrPred = c[16].Length == 0 ? null : c[16],
        };
    }

    static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
    static string D(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);
    static string L(long[]? v) => v == null ? "" : string.Join(' ', v.Select(I));
    static double PD(string s) => s.Length == 0 ? double.NaN : double.Parse(s, CultureInfo.InvariantCulture);
    static long[]? PL(string s) => s.Length == 0 ? null : s.Split(' ').Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();

    static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";

    static List<string> Split(string line)
    {
        var r = new List<string>();
        var sb = new System.Text.StringBuilder();
        bool q = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (q)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (ch == '"') q = false;
                else sb.Append(ch);
            }
            else if (ch == '"') q = true;
            else if (ch == ',') { r.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(ch);
        }
        r.Add(sb.ToString());
        return r;
    }
}
