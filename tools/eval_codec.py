#!/usr/bin/env python3
"""Evaluate an exported model (.safetensors) or a checkpoint (.pt, exported in memory) on codec_val
faces at 256x256 or on Kodak: estimated bpp from the exported integer tables (no bitstream is
written), PSNR, MS-SSIM; plus PIL JPEG at its lowest qualities (real file bytes) for comparison."""
import argparse
import glob
import io
import json
import os
import sys
import time

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lgc import ckpt, reference  # noqa: E402
from lgc.data import DataError, load_faces  # noqa: E402
from lgc.exporter import export_tensors  # noqa: E402
from lgc.metrics import ms_ssim, psnr  # noqa: E402
from train import DEFAULT_DATA  # noqa: E402

JPEG_QUALITIES = (1, 3, 5, 8, 10, 15, 20, 30)


def load_model(path, f16=False):
    if path.endswith(".safetensors"):
        return reference.load(path)
    state = ckpt.load(path)
    with torch.no_grad():
        tensors, meta = export_tensors(ckpt.model_from(state).eval(), f16=f16, training=state.get("training"))
    return reference.Exported(tensors, meta)


def images(args):
    if args.set == "kodak":
        files = sorted(glob.glob(os.path.join(args.data, "kodak", "kodim*.png")))[: args.n]
        return [np.asarray(Image.open(f).convert("RGB")) for f in files]
    return list(load_faces(args.data, "codec_val", args.n, args.cache))


def to_tensor(a):
    return torch.from_numpy(a.transpose(2, 0, 1)[None].astype(np.float32) / 255)


def quality(x, x_hat_u8):
    xh = to_tensor(x_hat_u8)
    return psnr(x, xh), float(ms_ssim(x * 255, xh * 255, peak=255.0)[0])


def eval_model(ex, imgs):
    rows = []
    for a in imgs:
        x = to_tensor(a)
        h, w = x.shape[-2:]
        r = ex.run(reference.pad64(x))
        bits = ex.estimated_bits(r)
        out = torch.round(r["x_hat"][..., :h, :w] * 255).clamp(0, 255).to(torch.uint8)
        p, m = quality(x, out[0].permute(1, 2, 0).numpy())
        rows.append((bits / (h * w), p, m))
    return np.mean(rows, axis=0).tolist()


def eval_jpeg(imgs, q):
    rows = []
    for a in imgs:
        buf = io.BytesIO()
        Image.fromarray(a).save(buf, format="JPEG", quality=q)
        dec = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
        p, m = quality(to_tensor(a), dec)
        rows.append((len(buf.getvalue()) * 8 / (a.shape[0] * a.shape[1]), p, m))
    return np.mean(rows, axis=0).tolist()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("models", nargs="+", help=".safetensors or .pt files")
    p.add_argument("--set", choices=["val", "kodak"], default="val")
    p.add_argument("--n", type=int, default=100)
    p.add_argument("--data", default=DEFAULT_DATA)
    p.add_argument("--cache", default="/work/cache")
    p.add_argument("--f16", action="store_true", help="export checkpoints with F16 weights")
    p.add_argument("--no-jpeg", action="store_true")
    p.add_argument("--json", default=None, help="write results here")
    args = p.parse_args(argv)
    torch.set_num_threads(2)
    torch.set_flush_denormal(True)
    try:
        imgs = images(args)
    except DataError as e:
        raise SystemExit(f"error: {e}")
    if not imgs:
        raise SystemExit(f"error: no images found for --set {args.set} under {args.data}")
    results = []
    for path in args.models:
        t0 = time.time()
        try:
            ex = load_model(path, args.f16)
        except (ckpt.CheckpointError, ValueError) as e:
            raise SystemExit(f"error: {e}")
        b, ps, ms = eval_model(ex, imgs)
        results.append(dict(codec=os.path.basename(path), arch=ex.meta["arch"], bpp=b, bpp_kind="estimated",
                            psnr=ps, ms_ssim=ms, seconds=round(time.time() - t0, 1)))
    if not args.no_jpeg:
        for q in JPEG_QUALITIES:
            b, ps, ms = eval_jpeg(imgs, q)
            results.append(dict(codec=f"jpeg q{q}", arch="PIL", bpp=b, bpp_kind="real", psnr=ps, ms_ssim=ms))
    ref = "lossless PNG" if args.set == "kodak" else "the decoded CelebA-HQ JPEG (q~75, 4:2:0)"
    print(f"{len(imgs)} images ({args.set}, reference = {ref}); bpp: estimated = from integer tables "
          f"(escape values: Elias-gamma guess), real = file bytes")
    print(f"{'codec':<28} {'bpp':>8} {'kind':>9} {'PSNR':>7} {'MS-SSIM':>8}")
    for r in results:
        print(f"{r['codec']:<28} {r['bpp']:8.4f} {r['bpp_kind']:>9} {r['psnr']:7.2f} {r['ms_ssim']:8.4f}")
    if args.json:
        tmp = args.json + ".tmp"
        with open(tmp, "w") as f:
            json.dump(dict(set=args.set, n=len(imgs), reference=ref, results=results), f, indent=1)
        os.replace(tmp, args.json)


if __name__ == "__main__":
    main()
