using Lgc.Imaging;

namespace Lgc.Cli;

/// <summary>Reads a job's input image (a file, or stdin: the same pixel cap and truncation checks); a truncated one
/// is refused unless --allow-truncated, then it is a warning.</summary>
static class ImageInput
{
    public static RgbImage Load(FileJob f, bool allowTruncated)
    {
        try
        {
            return f.FromStdin ? ImageIo.Decode(Stdio.ReadInput(Content.Image), "stdin", allowTruncated, f.Warn)
                               : ImageIo.Load(f.Input, allowTruncated, f.Warn);
        }
        catch (TruncatedImageException e) { throw new LgcException($"{e.Message} (--allow-truncated accepts it)"); }
    }
}
