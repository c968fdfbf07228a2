#!/usr/bin/env python3
"""Give a generator-tuned codec (stage gan) the analysis heads trained on its base layer.

  combine_heads.py CODEC.pt HEADS.pt OUT.pt

Stage gan freezes the base layer (g_a, h_a, h_s, z prior), so heads trained on the codec it started from
read exactly the same latents; this is checked tensor by tensor before anything is written."""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lgc import ckpt  # noqa: E402
from lgc.model import LGC  # noqa: E402

BASE_LAYER = ("g_a.", "h_a.", "h_s.", "z_prior.")


def combine(codec_path, heads_path):
    codec, heads = ckpt.load(codec_path), ckpt.load(heads_path)
    a, b = codec["model"], heads["model"]
    for k in a:
        if k.startswith(BASE_LAYER) and (k not in b or not torch.equal(a[k].float(), b[k].float())):
            raise ValueError(f"{codec_path} and {heads_path} differ in the base layer ({k}): the heads would "
                             f"read other latents")
    hp = dict(codec["hp"], C=heads["hp"]["C"], rgb_heads=heads["hp"]["rgb_heads"])
    model = LGC(**hp)
    sd = model.state_dict()
    for k in sd:
        src = b if k.startswith(("an.", "rgb.")) else a
        sd[k] = src[k].to(sd[k].dtype)
    model.load_state_dict(sd)
    training = dict(codec.get("training") or {}, heads=heads.get("training"))
    return model, training


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("codec")
    p.add_argument("heads")
    p.add_argument("out")
    args = p.parse_args(argv)
    try:
        model, training = combine(args.codec, args.heads)
    except (ckpt.CheckpointError, ValueError) as e:
        raise SystemExit(f"error: {e}")
    ckpt.save_light(args.out, model, training)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
