#!/usr/bin/env python3
"""Writes tests/fixtures/eval_metrics.tsv: PSNR and MS-SSIM (tools/lgc/metrics.py) of synthetic image pairs that
the C# tests rebuild from the same integer formulas (no image files needed), so `lgc eval` matches the tools."""
import os
import sys

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lgc.metrics import ms_ssim, psnr  # noqa: E402


def pattern(w, h):
    y, x, c = np.meshgrid(np.arange(h), np.arange(w), np.arange(3), indexing="ij")
    return ((x * 3 + y * 5 + c * 40 + ((x * y) % 23) * 4) % 256).astype(np.uint8)


def perturb(a):
    h, w, _ = a.shape
    y, x, c = np.meshgrid(np.arange(h), np.arange(w), np.arange(3), indexing="ij")
    return np.clip(a.astype(np.int64) + (x * 7 + y * 11 + c * 13) % 41 - 20, 0, 255).astype(np.uint8)


def t(a):
    return torch.from_numpy(a.transpose(2, 0, 1)[None].astype(np.float32) / 255)


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures")
    a = pattern(200, 180)
    kodak = np.asarray(Image.open(os.path.join(root, "kodim23_crop.png")).convert("RGB"))
    rows = []
    for name, x in (("pattern200x180", a), ("kodim23_crop", kodak)):
        y = perturb(x)
        rows.append(f"{name}\t{psnr(t(x), t(y)):.10f}\t{float(ms_ssim(t(x), t(y))[0]):.10f}")
    with open(os.path.join(root, "eval_metrics.tsv"), "w") as f:
        f.write("pair\tpsnr\tms_ssim\n" + "\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
