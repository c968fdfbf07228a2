#!/usr/bin/env python3
"""Detail kept by a decoder: mean over images of (gradient energy of the decoded image) / (that of the
original), gradient energy = mean |horizontal and vertical differences| of the gray image. 1.0 keeps the
original's amount of detail; MSE-trained decoders blur (well below 1). Pairs files by name stem.
Used with a side-by-side look to judge the GAN-tuned generator (weights/README.md)."""
import argparse
import os

import numpy as np
from PIL import Image


def grad_energy(path):
    with Image.open(path) as im:
        g = np.asarray(im.convert("RGB"), np.float64).mean(axis=2)
    return np.abs(np.diff(g, axis=0)).mean() + np.abs(np.diff(g, axis=1)).mean()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--originals", required=True)
    p.add_argument("decoded", nargs="+", help="folders of decoded images")
    a = p.parse_args(argv)
    orig = {os.path.splitext(f)[0]: os.path.join(a.originals, f) for f in sorted(os.listdir(a.originals))}
    for d in a.decoded:
        ratios = [grad_energy(os.path.join(d, f)) / grad_energy(orig[os.path.splitext(f)[0]])
                  for f in sorted(os.listdir(d)) if os.path.splitext(f)[0] in orig]
        if not ratios:
            raise SystemExit(f"error: no file in {d} matches an original by name")
        print(f"{d}: gradient energy / original {np.mean(ratios):.3f} (n={len(ratios)})")


if __name__ == "__main__":
    main()
