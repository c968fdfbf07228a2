#!/usr/bin/env python3
"""PyTorch's decode of an image with an exported model, for the engine's end-to-end check:
writes the reconstruction as PNG (what `lgc decompress` must reproduce, PSNR >= 50 dB) and the
integer symbols z_hat, y_sym, s_hat (which must be bit-identical) as a small safetensors file.
Use Kodak or synthetic images only (CelebA-HQ must not be committed)."""
import argparse
import os
import sys

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lgc import reference, safetensors  # noqa: E402


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--model", required=True)
    p.add_argument("--image", required=True)
    p.add_argument("--out-png", required=True)
    p.add_argument("--out-symbols", required=True)
    a = p.parse_args(argv)
    torch.set_num_threads(2)
    torch.set_flush_denormal(True)
    ex = reference.load(a.model)
    with Image.open(a.image) as im:
        rgb = np.asarray(im.convert("RGB"))
    h, w = rgb.shape[:2]
    x = reference.pad64(torch.from_numpy(rgb.transpose(2, 0, 1)[None].astype(np.float32) / 255))
    r = ex.run(x)
    x_hat = r["x_hat"][0, :, :h, :w].numpy().transpose(1, 2, 0)
    png = np.round(np.clip(x_hat, 0, 1) * 255).astype(np.uint8)  # numpy rounds half to even, as the engine
    Image.fromarray(png).save(a.out_png)
    sym = {"z_hat": r["z_hat"].numpy().astype(np.int32), "y_sym": np.asarray(r["y_sym"], np.int32)}
    if ex.S > 0:
        sym["s_hat"] = r["s_hat"].numpy().astype(np.int32)
    safetensors.write(a.out_symbols, sym, {"format": "lgc-symbols", "model": os.path.basename(a.model),
                                           "image": os.path.basename(a.image)})
    print(f"{a.out_png}, {a.out_symbols}: estimated {ex.estimated_bits(r) / h / w:.4f} bpp")


if __name__ == "__main__":
    main()
