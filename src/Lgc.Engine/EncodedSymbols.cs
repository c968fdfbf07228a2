using Lgc.Tensors;

namespace Lgc;

/// <summary>What the range coder needs from one image's encoder: z_hat, y_sym, each latent's scale-table index, the style symbols.</summary>
internal sealed record EncodedSymbols(int[] ZHat, Shape ZShape, int[] YSym, int[] ScaleIndex, int[]? StyleHat);
