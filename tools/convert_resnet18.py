#!/usr/bin/env python3
"""Convert the ImageNet ResNet-18 of NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 (MIT) to
safetensors for the perceptual loss (tools/) and the engine's FD-R18 metric.

  convert_resnet18.py PACKAGE.nupkg|ResNet18.onnx OUT.safetensors [--upto layer2] [--f16]

Batch-norms are folded into the convs; names follow torchvision (see tools/lgc/resnet18.py).
The conversion is checked against a node-by-node run of the ONNX graph before anything is written."""
import argparse
import os
import sys
import tempfile
import zipfile

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lgc import safetensors  # noqa: E402
from lgc.resnet18 import STAGES, ResNet18, convert, onnx_reference  # noqa: E402

ONNX_IN_PACKAGE = "tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx"


def onnx_path_of(src, tmpdir):
    if not os.path.isfile(src):
        raise SystemExit(f"error: {src} not found (get it: NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1)")
    if src.endswith(".onnx"):
        return src
    try:
        with zipfile.ZipFile(src) as z:
            return z.extract(ONNX_IN_PACKAGE, tmpdir)
    except (zipfile.BadZipFile, KeyError) as e:
        raise SystemExit(f"error: {src} is not the ResNet18 NuGet package: {e}")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("source")
    p.add_argument("out")
    p.add_argument("--upto", choices=STAGES, default=None, help="keep only the stem and stages up to this one")
    p.add_argument("--f16", action="store_true")
    args = p.parse_args(argv)
    torch.set_num_threads(2)
    with tempfile.TemporaryDirectory() as tmp:
        onnx_file = onnx_path_of(args.source, tmp)
        tensors = convert(onnx_file)
        x = torch.rand(1, 3, 224, 224, generator=torch.Generator().manual_seed(0))
        with torch.no_grad():
            want = onnx_reference(onnx_file, x).reshape(1, -1)
            got = ResNet18(tensors)(x)["pooled"]
    err = float((got - want).abs().max() / want.abs().max())
    if err > 1e-4:
        raise SystemExit(f"error: folded network differs from the ONNX graph (relative max error {err:.2e})")
    if args.upto:
        keep = STAGES[:STAGES.index(args.upto) + 1]
        tensors = {k: v for k, v in tensors.items() if k == "mean_bgr" or k.startswith("stem") or k.split(".")[0] in keep}
    if args.f16:
        tensors = {k: v if k == "mean_bgr" else v.astype(np.float16) for k, v in tensors.items()}
    meta = {"arch": "resnet18-imagenet", "source": "NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 (MIT)",
            "input": "RGB in [0,1] -> flip to BGR, x255, minus mean_bgr", "bn": "folded into conv weight/bias",
            "padding": "stride-1 convs symmetric k//2; stride-2 convs and max-pool 3x3/s2 pad top/left k//2, "
                       "bottom/right k//2-1 (max-pool pads with -inf)",
            "stages": ",".join(sorted({k.split(".")[0] for k in tensors if k.startswith("layer")})),
            "check_rel_max_err": f"{err:.2e}"}
    try:
        safetensors.write(args.out, tensors, meta)
    except OSError as e:
        raise SystemExit(f"error: cannot write {args.out}: {e}")
    n = sum(v.size for k, v in tensors.items())
    print(f"wrote {args.out}: {len(tensors)} tensors, {n} values, ONNX check rel. max error {err:.2e}")


if __name__ == "__main__":
    main()
