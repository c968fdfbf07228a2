#!/usr/bin/env python3
"""Write the engine's test fixtures: a tiny seeded model (tests/fixtures/tiny.safetensors), its parity
fixture with every intermediate of docs/model-format.md (tiny_fixture.safetensors), and a Kodak crop
(kodim23_crop.png; Kodak is free to redistribute, CelebA-HQ is not and is never used here)."""
import argparse
import math
import os
import sys

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lgc import reference, safetensors  # noqa: E402
from lgc.data import synthetic_images  # noqa: E402
from lgc.exporter import check_tables, export_tensors  # noqa: E402
from lgc.model import LGC  # noqa: E402

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
KODAK = os.path.normpath(os.path.join(REPO, "..", "shared", "data", "kodak", "kodim23.png"))


def tiny_model(seed=1234, S=8, C=8):
    """Random init, then rescaled so the fixture exercises everything: latents span several integers
    (some escapes), AdaIN and off-diagonal GDN terms are non-trivial. S=0, C=0: the hyperprior-v1 architecture."""
    torch.manual_seed(seed)
    m = LGC(N=8, M=16, S=S, C=C, rgb_heads=C > 0).eval()
    with torch.no_grad():
        m.g_a.conv3.weight.mul_(40)
        m.h_a.conv2.weight.mul_(60)
        if S > 0:
            m.t_a.fc.weight.mul_(300)
        m.h_s.conv2.weight.mul_(3)
        m.h_s.conv2.bias[:16].uniform_(-3, 3)  # fractional means
        m.h_s.conv2.bias[16:].uniform_(-0.5, 20)  # scale indices across the table, some escapes
        m.g_s.deconv3.bias.add_(0.5)
        for name, mod in m.named_modules():
            if hasattr(mod, "gamma"):
                c = mod.gamma.shape[0]
                mod.gamma.copy_(torch.sqrt(0.1 * torch.eye(c) + 0.02 * torch.rand(c, c)))
                mod.beta.copy_(torch.sqrt(1 + 0.5 * torch.rand(c)))
            if name.startswith("g_s.adain"):
                mod.weight.normal_(0, 0.05)
                mod.bias.normal_(0, 0.1)
    return m


def fixture_input(size=64, seed=7):
    return torch.from_numpy(synthetic_images(1, size, seed)[0].transpose(2, 0, 1)[None].astype(np.float32) / 255)


def to_numpy(r):
    out = {}
    for k, v in r.items():
        v = v.numpy() if torch.is_tensor(v) else v
        out[k] = v.astype(np.int32) if v.dtype.kind in "iu" else v.astype(np.float32)
    return out


def model_fixture(model_path, out_path):
    """Parity fixture of a real exported model on the bundled Kodak crop."""
    ex = reference.load(model_path)
    with Image.open(os.path.join(REPO, "tests", "fixtures", "kodim23_crop.png")) as im:
        a = np.asarray(im.convert("RGB"))
    run = ex.run(torch.from_numpy(a.transpose(2, 0, 1)[None].astype(np.float32) / 255))
    bits = ex.estimated_bits(run)
    meta = {"format": "lgc-fixture", "model": os.path.basename(model_path), "input": "kodim23_crop.png",
            "estimated_bits": f"{bits:.1f}"}
    safetensors.write(out_path, to_numpy(run), meta)
    print(f"{out_path}: {os.path.getsize(out_path)} bytes, estimated {bits / a.shape[0] / a.shape[1]:.4f} bpp")


def hyperprior_fixture(out):
    """tiny-hp.safetensors (hyperprior-v1: no texture layer, no heads) and its stage-by-stage fixture."""
    tensors, meta = export_tensors(tiny_model(S=0, C=0), f16=True, name="tiny-hp",
                                   training={"init": "random, seed 1234, rescaled"}, scale_max=16.0, scale_levels=64)
    for prefix in ("z_prior", "gc"):
        check_tables(tensors, prefix)
    path = os.path.join(out, "tiny-hp.safetensors")
    safetensors.write(path, tensors, meta)
    ex = reference.load(path)
    run = ex.run(fixture_input())
    safetensors.write(os.path.join(out, "tiny-hp_fixture.safetensors"), to_numpy(run),
                      {"format": "lgc-fixture", "model": "tiny-hp.safetensors", "input": "synthetic 64x64, seed 7",
                       "estimated_bits": f"{ex.estimated_bits(run):.1f}"})


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", default=os.path.join(REPO, "tests", "fixtures"))
    p.add_argument("--kodak", default=KODAK)
    p.add_argument("--model", default=None, help="instead: write a parity fixture of this exported model "
                   "on tests/fixtures/kodim23_crop.png to --fixture-out")
    p.add_argument("--fixture-out", default=None)
    args = p.parse_args(argv)
    torch.set_flush_denormal(True)
    torch.set_num_threads(2)
    if args.model:
        return model_fixture(args.model, args.fixture_out or os.path.splitext(args.model)[0] + "_kodim23_fixture.safetensors")
    os.makedirs(args.out, exist_ok=True)
    hyperprior_fixture(args.out)

    model = tiny_model()
    # Short scale table (0.11..16): the full 0.11..256 one alone would be 0.8 MB; larger scales escape.
    # F16 floats: keeps the file small and exercises the engine's F16 load path.
    tensors, meta = export_tensors(model, f16=True, name="tiny", training={"init": "random, seed 1234, rescaled"},
                                   scale_max=16.0, scale_levels=64)
    for prefix in ("z_prior", "tex_prior", "gc"):
        check_tables(tensors, prefix)
    model_path = os.path.join(args.out, "tiny.safetensors")
    safetensors.write(model_path, tensors, meta)

    ex = reference.load(model_path)
    r = to_numpy(ex.run(fixture_input()))
    bits = ex.estimated_bits(ex.run(fixture_input()))
    fmeta = {"format": "lgc-fixture", "model": "tiny.safetensors", "input": "synthetic 64x64, seed 7",
             "estimated_bits": f"{bits:.1f}"}
    safetensors.write(os.path.join(args.out, "tiny_fixture.safetensors"), r, fmeta)

    if os.path.isfile(args.kodak):
        with Image.open(args.kodak) as im:
            crop = im.convert("RGB").crop((320, 96, 576, 352))  # 256x256 around the parrots' heads
        tmp = os.path.join(args.out, f".kodim23_crop.{os.getpid()}.png")
        crop.save(tmp)
        os.replace(tmp, os.path.join(args.out, "kodim23_crop.png"))
    for f in sorted(os.listdir(args.out)):
        print(f"{f}: {os.path.getsize(os.path.join(args.out, f))} bytes")
    sym = r["y_sym"] - tensors["gc.offset"][r["scale_index"]]
    esc = int(((sym < 0) | (sym >= tensors["gc.cdf_length"][r["scale_index"]] - 2)).sum())
    print(f"y_sym range {r['y_sym'].min()}..{r['y_sym'].max()}, z_hat range {r['z_hat'].min()}..{r['z_hat'].max()}, "
          f"s_hat range {r['s_hat'].min()}..{r['s_hat'].max()}, y escapes {esc}, "
          f"estimated bits {bits:.0f}, scale_index {r['scale_index'].min()}..{r['scale_index'].max()}")


if __name__ == "__main__":
    main()
    _ = math
