using Lgc.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Lgc.Lab.Evaluation;

/// <summary>One image of the set with its optional ground truth.</summary>
internal sealed record EvalItem(string Id, string ImagePath, string? MaskPath, bool?[]? Attributes);

/// <summary>
/// The images to evaluate and their labels, in the layout of the shared data folder: an image folder (optionally
/// restricted and ordered by an id list), masks as &lt;id&gt;.png with raw class indices 0-18, attributes.tsv
/// (idx + 40 columns of 0/1), and for CE7454 images a mapping.tsv (ce_uuid → CelebA-HQ idx) to find their
/// attributes. Everything that can be checked without decoding pixels is checked here, before any work starts.
/// </summary>
internal sealed class EvalSet
{
    public static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tga", ".tif", ".tiff"];

    public IReadOnlyList<EvalItem> Items { get; }
    public int Requested { get; }
    public bool HasMasks { get; }
    public bool HasAttributes { get; }
    /// <summary>Side of the square the images (bicubic) and masks (nearest) are resized to; 0 = as stored.</summary>
    public int Size { get; }
    public int Width { get; }
    public int Height { get; }
    /// <summary>Images left out because they cannot be read, as one line each ("image 'path' is not readable: ..."):
    /// a bad file costs its own results, not the run's.</summary>
    public IReadOnlyList<string> Unreadable { get; private init; } = [];

    EvalSet(List<EvalItem> items, int requested, bool masks, bool attrs, int size, int w, int h)
    { Items = items; Requested = requested; HasMasks = masks; HasAttributes = attrs; Size = size; Width = w; Height = h; }

    public static EvalSet Open(string images, string? ids = null, string? masks = null, string? attributes = null,
        string? mapping = null, int limit = 0, int size = 0)
    {
        if (!Directory.Exists(images)) throw new LgcException($"image folder '{images}' does not exist");
        if (masks != null && !Directory.Exists(masks)) throw new LgcException($"mask folder '{masks}' does not exist");
        var byStem = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in Directory.EnumerateFiles(images).Order(StringComparer.Ordinal))
            if (ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())) byStem.TryAdd(Path.GetFileNameWithoutExtension(f), f);
        List<string> order;
        if (ids != null)
        {
            if (!File.Exists(ids)) throw new LgcException($"id list '{ids}' does not exist");
            order = File.ReadLines(ids).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            var missing = order.Where(i => !byStem.ContainsKey(i)).ToList();
            if (missing.Count > 0) throw new LgcException($"id list '{ids}' names {missing.Count} image(s) missing from '{images}' (first: {missing[0]})");
        }
        else order = byStem.Keys.Order(StringComparer.Ordinal).ToList();
        if (order.Count == 0) throw new LgcException($"no images ({string.Join(", ", ImageExtensions)}) in '{images}'");
        int requested = limit > 0 ? limit : order.Count; // kept as asked, so the summary can say when the set is smaller
        order = order.Take(requested).ToList();

        var attrTable = attributes == null ? null : AttributesTable.Load(attributes);
        var map = mapping == null ? null : LoadMapping(mapping);
        var items = new List<EvalItem>();
        var unreadable = new List<string>();
        int w0 = 0, h0 = 0;
        string? first = null;
        foreach (var id in order)
        {
            string path = byStem[id];
            int w, h;
            try { (w, h) = Identify(path, "image"); }
            catch (LgcException e) { unreadable.Add(e.Message.ReplaceLineEndings(" ")); continue; }
            if (size == 0 && first != null && (w, h) != (w0, h0))
                throw new LgcException($"image '{path}' is {w}x{h}, but '{first}' is {w0}x{h0}: one run needs one image size (or pass --size N)");
            if (first == null) { first = path; w0 = w; h0 = h; }
            string? maskPath = null;
            if (masks != null)
            {
                maskPath = Path.Combine(masks, id + ".png");
                if (!File.Exists(maskPath)) throw new LgcException($"mask folder '{masks}' does not match the images: no mask '{maskPath}' for image '{path}'");
                var (mw, mh) = Identify(maskPath, "mask", grayOnly: true);
                if ((mw, mh) != (w, h)) throw new LgcException($"mask '{maskPath}' is {mw}x{mh}, its image '{path}' is {w}x{h}");
            }
            bool?[]? a = null;
            if (attrTable != null)
            {
                string key = id;
                if (map != null)
                {
                    if (!map.TryGetValue(id, out var idx)) throw new LgcException($"mapping '{mapping}' has no row for image '{id}'");
                    key = idx; // "-1": no CelebA-HQ index known, so no labels (skipped, not an error)
                }
                if (attrTable.TryGetValue(key, out var row)) a = row;
                else if (map != null && key == "-1") a = new bool?[AttributeStats.Count];
                else throw new LgcException($"attributes '{attributes}' have no row '{key}' for image '{path}'" + (map == null ? " (CE7454 images need --mapping ce7454/mapping.tsv)" : ""));
            }
            items.Add(new EvalItem(id, path, maskPath, a));
        }
        if (items.Count == 0) throw new LgcException($"none of the {unreadable.Count} image(s) in '{images}' is readable; first: {unreadable[0]}");
        return new(items, requested, masks != null, attributes != null, size, size > 0 ? size : w0, size > 0 ? size : h0) { Unreadable = unreadable };
    }

    static (int W, int H) Identify(string path, string what, bool grayOnly = false)
    {
        IImageInfo? info;
        try { info = Image.Identify(path); }
        catch (Exception e) when (e is ImageFormatException or InvalidDataException or IOException) { throw new LgcException($"{what} '{path}' is not readable: {e.Message}"); }
        if (info == null) throw new LgcException($"{what} '{path}' is not a readable image");
        // A colour mask would be read as luminance, silently turning colours into wrong classes.
        if (grayOnly && info.PixelType.BitsPerPixel != 8)
            throw new LgcException($"{what} '{path}' has {info.PixelType.BitsPerPixel} bits per pixel; masks are single-channel 8-bit PNGs of class indices 0-18");
        return (info.Width, info.Height);
    }

    static Dictionary<string, string> LoadMapping(string path)
    {
        if (!File.Exists(path)) throw new LgcException($"mapping '{path}' does not exist");
        var lines = File.ReadAllLines(path);
        var header = lines.Length > 0 ? lines[0].Split('\t') : [];
        int u = Array.IndexOf(header, "ce_uuid"), x = Array.IndexOf(header, "celebahq_idx");
        if (u < 0 || x < 0) throw new LgcException($"mapping '{path}' lacks the columns ce_uuid and celebahq_idx");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var c = lines[i].Split('\t');
            if (c.Length != header.Length) throw new LgcException($"mapping '{path}' line {i + 1} has {c.Length} columns, the header {header.Length}");
            map[c[u].Trim()] = c[x].Trim();
        }
        return map;
    }

    /// <summary>The image as the run uses it (resized to the run's size when --size is set).</summary>
    public RgbImage LoadImage(EvalItem item)
    {
        var img = ImageIo.Load(item.ImagePath);
        if (Size == 0 || (img.Width == Size && img.Height == Size)) return img;
        using var s = Image.LoadPixelData<Rgb24>(img.Pixels, img.Width, img.Height);
        s.Mutate(c => c.Resize(Size, Size, KnownResamplers.Bicubic));
        var r = new RgbImage(Size, Size);
        s.CopyPixelDataTo(r.Pixels);
        return r;
    }

    /// <summary>The mask as class indices (nearest-neighbour resized with --size); refuses values outside 0-18.</summary>
    public byte[] LoadMask(EvalItem item)
    {
        string path = item.MaskPath ?? throw new InvalidOperationException("no mask for " + item.Id);
        Image<L8> m;
        try { m = Image.Load<L8>(path); }
        catch (Exception e) when (e is ImageFormatException or InvalidDataException or NotSupportedException) { throw new LgcException($"mask '{path}' could not be decoded: {e.Message}"); }
        using (m)
        {
            if (Size > 0 && (m.Width != Size || m.Height != Size)) m.Mutate(c => c.Resize(Size, Size, KnownResamplers.NearestNeighbor));
            var v = new byte[m.Width * m.Height];
            m.CopyPixelDataTo(v);
            int bad = Array.FindIndex(v, b => b >= ParsingStats.Classes);
            if (bad >= 0) throw new LgcException($"mask '{path}' has value {v[bad]} at pixel ({bad % m.Width}, {bad / m.Width}); classes are 0-18");
            return v;
        }
    }
}
