#!/usr/bin/env python3
"""Write tests/fixtures/resnet18_tiny.safetensors: a tiny random-weight network with the topology of the
converted ResNet-18 (stem 7x7/2 + max-pool, stages of 2, 2, 2, 3 residual blocks, 1x1/2 downsamples; widths
8/8/16/16/16), a 64x64 input (kodim23_crop.png box-averaged 4x4, quantized to 8 bits) and what
tools/lgc/resnet18.py's ResNet18 computes on it: every stage output (`out.layer1`..`out.layer4`) and `out.pooled`;
the same for its rows 16..47 (`input_wide`, 32x64, `out_wide.*`), so height and width cannot be swapped unnoticed.
The engine test (tests/Lgc.Tests/ResNet18FeaturesTests.cs) loads the weights with ResNet18Features and compares.

  /usr/bin/python3 tools/make_resnet_fixture.py            # rewrites the fixture (seeded: same bytes each run)
  /usr/bin/python3 tools/make_resnet_fixture.py --real R18  # prints the real network's pooled features of the crop
"""
import argparse
import os
import sys

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lgc import safetensors  # noqa: E402
from lgc.resnet18 import BLOCKS, MEAN_BGR, STAGES, ResNet18  # noqa: E402

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
CROP = os.path.join(REPO, "tests", "fixtures", "kodim23_crop.png")
OUT = os.path.join(REPO, "tests", "fixtures", "resnet18_tiny.safetensors")
WIDTHS = (8, 8, 16, 16, 16)  # stem, layer1..layer4


def tiny_tensors(seed=2024):
    g = np.random.default_rng(seed)

    def conv(name, cout, cin, k):
        std = np.sqrt(2.0 / (cin * k * k))
        t[name + ".weight"] = (g.standard_normal((cout, cin, k, k)) * std).astype(np.float32)
        t[name + ".bias"] = (g.standard_normal(cout) * 0.5).astype(np.float32)

    t = {"mean_bgr": np.array(MEAN_BGR, np.float32)}
    conv("stem", WIDTHS[0], 3, 7)
    t["stem.weight"] /= 40  # the input is in 0..255 minus the mean: keep activations near 1..10
    cin = WIDTHS[0]
    for li, stage in enumerate(STAGES):
        cout = WIDTHS[li + 1]
        for b in range(BLOCKS[li]):
            p = f"{stage}.{b}"
            conv(p + ".conv1", cout, cin, 3)
            conv(p + ".conv2", cout, cout, 3)
            if li > 0 and b == 0:
                conv(p + ".down", cout, cin, 1)
            cin = cout
    return t


def crop_input(size=64):
    """kodim23_crop.png (256x256) box-averaged to size x size, rounded to 8 bits -> [1, 3, size, size] in [0, 1]."""
    a = np.asarray(Image.open(CROP).convert("RGB"), np.float64)
    f = a.shape[0] // size
    a = a[:f * size, :f * size].reshape(size, f, size, f, 3).mean(axis=(1, 3))
    u8 = np.clip(np.round(a), 0, 255).astype(np.uint8)
    return torch.from_numpy(u8.astype(np.float32) / 255).permute(2, 0, 1).unsqueeze(0).contiguous()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--real", help="the converted resnet18.safetensors: print its pooled features of the 256x256 crop")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    if args.real:
        tensors, _ = safetensors.read(args.real)
        x = torch.from_numpy(np.asarray(Image.open(CROP).convert("RGB"), np.float32) / 255).permute(2, 0, 1)[None]
        with torch.no_grad():
            pooled = ResNet18(tensors)(x)["pooled"][0].double().numpy()
        print("norm", repr(float(np.linalg.norm(pooled))), "sum", repr(float(pooled.sum())), "argmax", int(pooled.argmax()))
        print("first16", ", ".join(f"{v:.6g}f" for v in pooled[:16]))
        return
    tensors = tiny_tensors()
    x = crop_input()
    wide = x[:, :, 16:48, :].contiguous()  # 32x64: height != width
    with torch.no_grad():
        feats = ResNet18(tensors)(x)
        feats_wide = ResNet18(tensors)(wide)
    out = dict(tensors)
    out["input"] = x.numpy()
    out["input_wide"] = wide.numpy()
    for k, v in feats.items():
        out[f"out.{k}"] = v.numpy().astype(np.float32)
    for k, v in feats_wide.items():
        out[f"out_wide.{k}"] = v.numpy().astype(np.float32)
    meta = {"arch": "resnet18-imagenet", "what": "tiny random ResNet-18 topology test fixture (tools/make_resnet_fixture.py)",
            "widths": ",".join(map(str, WIDTHS)), "blocks": ",".join(map(str, BLOCKS))}
    safetensors.write(OUT, out, meta)
    print(f"wrote {OUT}: {os.path.getsize(OUT)} bytes; pooled range "
          f"{float(feats['pooled'].min()):.3g}..{float(feats['pooled'].max()):.3g}; "
          + ", ".join(f"{k} {tuple(v.shape)} max {float(v.abs().max()):.3g}" for k, v in feats.items()))


if __name__ == "__main__":
    main()
