#!/usr/bin/env python3
"""Export a training checkpoint to the engine's .safetensors (docs/model-format.md)."""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lgc import ckpt, safetensors  # noqa: E402
from lgc.exporter import check_tables, export_tensors  # noqa: E402


def export_checkpoint(ckpt_path, out_path, f16=False, name=None, **kw):
    state = ckpt.load(ckpt_path)
    model = ckpt.model_from(state).eval()
    with torch.no_grad():
        tensors, meta = export_tensors(model, f16=f16, name=name or os.path.splitext(os.path.basename(out_path))[0],
                                       training=state.get("training"), **kw)
    for p in ("z_prior", "tex_prior", "gc"):
        if f"{p}.cdf" in tensors:
            check_tables(tensors, p)
    safetensors.write(out_path, tensors, meta)
    return tensors, meta


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("checkpoint")
    p.add_argument("out", help="output .safetensors path")
    p.add_argument("--f16", action="store_true", help="store float weights as F16 (halves the file)")
    p.add_argument("--name", default=None)
    args = p.parse_args(argv)
    torch.set_num_threads(2)
    torch.set_flush_denormal(True)
    try:
        tensors, meta = export_checkpoint(args.checkpoint, args.out, f16=args.f16, name=args.name)
    except (ckpt.CheckpointError, ValueError) as e:
        raise SystemExit(f"error: {e}")
    except OSError as e:
        raise SystemExit(f"error: cannot write {args.out}: {e}")
    print(f"wrote {args.out}: {len(tensors)} tensors, {os.path.getsize(args.out)} bytes, arch {meta['arch']}")


if __name__ == "__main__":
    main()
