#!/usr/bin/env python3
"""Compare two exports of one model (e.g. F32 vs F16 weights) on codec_val faces: output byte
differences, y_sym flips and PSNR change. Used to decide whether F16 is safe to ship."""
import argparse
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lgc import reference  # noqa: E402
from lgc.data import load_faces  # noqa: E402
from train import DEFAULT_DATA  # noqa: E402


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("--n", type=int, default=16)
    p.add_argument("--data", default=DEFAULT_DATA)
    p.add_argument("--cache", default="/work/cache")
    args = p.parse_args(argv)
    torch.set_flush_denormal(True)
    torch.set_num_threads(2)
    a, b = reference.load(args.a), reference.load(args.b)
    dmax, flips, total, dpsnr = 0.0, 0, 0, []
    for im in load_faces(args.data, "codec_val", args.n, args.cache):
        x = torch.from_numpy(im.transpose(2, 0, 1)[None].astype(np.float32) / 255)
        ra, rb = a.run(x), b.run(x)
        qa, qb = torch.round(ra["x_hat"] * 255), torch.round(rb["x_hat"] * 255)
        dmax = max(dmax, float((qa - qb).abs().max()))
        flips += int((ra["y_sym"] != rb["y_sym"]).sum())
        total += ra["y_sym"].size
        psnr = lambda q: -10 * np.log10(float(((q / 255 - x) ** 2).mean()))
        dpsnr.append(psnr(qa) - psnr(qb))
    print(f"{args.n} images: max |output byte diff| {dmax:.0f}, y_sym flips {flips}/{total}, "
          f"PSNR(a) - PSNR(b) mean {np.mean(dpsnr):+.4f} dB, max |diff| {np.max(np.abs(dpsnr)):.4f} dB")


if __name__ == "__main__":
    main()
