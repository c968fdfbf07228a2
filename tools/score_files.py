#!/usr/bin/env python3
"""Score real files: bpp from the bytes of each coded file (e.g. `lgc compress` output, headers
included), PSNR and MS-SSIM of the decoded images against the originals. Pairs files by name stem.
Prints a table row and optionally writes JSON. Used until `lgc eval` exists."""
import argparse
import json
import os
import sys

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lgc.metrics import ms_ssim, psnr  # noqa: E402


def load(path):
    with Image.open(path) as im:
        return torch.from_numpy(np.asarray(im.convert("RGB")).transpose(2, 0, 1)[None].astype(np.float32) / 255)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--originals", required=True, help="folder of original images")
    p.add_argument("--coded", required=True, help="folder of coded files (their sizes give the rate)")
    p.add_argument("--decoded", required=True, help="folder of decoded images")
    p.add_argument("--label", default="")
    p.add_argument("--json")
    a = p.parse_args(argv)
    stems = {os.path.splitext(f)[0]: f for f in os.listdir(a.originals)}
    coded = {os.path.splitext(f)[0]: f for f in os.listdir(a.coded)}
    decoded = {os.path.splitext(f)[0]: f for f in os.listdir(a.decoded)}
    names = sorted(set(stems) & set(coded) & set(decoded))
    missing = sorted(set(stems) - set(names))
    if not names:
        raise SystemExit("error: no image has an original, a coded file and a decoded image")
    if missing:
        print(f"warning: {len(missing)} of {len(stems)} originals have no coded/decoded pair (e.g. {missing[0]}); "
              f"the means below are over {len(names)} images", file=sys.stderr)
    rows = []
    for n in names:
        x, y = load(os.path.join(a.originals, stems[n])), load(os.path.join(a.decoded, decoded[n]))
        if x.shape != y.shape:
            raise SystemExit(f"error: {n}: decoded size {tuple(y.shape)} differs from original {tuple(x.shape)}")
        size = os.path.getsize(os.path.join(a.coded, coded[n]))
        rows.append(dict(name=n, bytes=size, bpp=size * 8 / (x.shape[2] * x.shape[3]), psnr=psnr(x, y),
                         ms_ssim=float(ms_ssim(x, y)[0])))
    mean = {k: float(np.mean([r[k] for r in rows])) for k in ("bytes", "bpp", "psnr", "ms_ssim")}
    print(f"{a.label:24s} n={len(rows):4d}  bytes {mean['bytes']:8.1f}  bpp {mean['bpp']:.4f}  "
          f"PSNR {mean['psnr']:.2f} dB  MS-SSIM {mean['ms_ssim']:.4f}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(dict(label=a.label, n=len(rows), mean=mean, images=rows), f, indent=1)


if __name__ == "__main__":
    main()
