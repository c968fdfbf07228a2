"""Shipped weight file -> ONNX networks, so ONNX Runtime can run the same weights as the engine
(the in-run baseline of bench --vs-ort and tests/Lgc.Ort.Tests).

  python3 tools/export_onnx.py WEIGHTS.safetensors OUTDIR [--opset 17]

Writes g_a.onnx (x -> y), h_a.onnx (y -> z), h_s.onnx (z_hat -> means, scales; float, from the
file's fixed-point integers), g_s.onnx (y_hat, s_hat -> x_hat, AdaIN included) and, for lgc-v1
files, t_a.onnx (x -> s, before rounding). Batch, height and width are dynamic axes."""
import argparse
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lgc import importer, safetensors  # noqa: E402
from lgc.layers import GDN  # noqa: E402
from lgc.model import LGC  # noqa: E402


class FrozenGDN(nn.Module):
    """GDN with its effective parameters as constants: the training module's lower_bound is a custom
    autograd Function that ONNX export cannot trace."""

    def __init__(self, gdn):
        super().__init__()
        with torch.no_grad():
            beta, gamma = gdn.effective()
        self.inverse = gdn.inverse
        self.register_buffer("beta", beta.detach().clone())
        self.register_buffer("gamma", gamma.detach().clone()[:, :, None, None])

    def forward(self, x):
        norm = torch.sqrt(F.conv2d(x * x, self.gamma, self.beta))
        return x * norm if self.inverse else x / norm


def freeze_gdn(module):
    for name, child in module.named_children():
        if isinstance(child, GDN):
            setattr(module, name, FrozenGDN(child))
        else:
            freeze_gdn(child)


class Texture(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model.texture(x)


class HyperSynthesis(nn.Module):
    def __init__(self, h_s):
        super().__init__()
        self.h_s = h_s

    def forward(self, z_hat):
        means, scales = self.h_s(z_hat).chunk(2, dim=1)
        return means, scales


class Generator(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, y_hat, s_hat):
        return self.model.generate(y_hat, s_hat)


class GeneratorNoStyle(Generator):
    def forward(self, y_hat):
        return self.model.generate(y_hat, None)


def load_model(path):
    """-> (LGC with the file's weights in eval mode, GDN frozen, hp). The priors are not needed here."""
    _, meta = safetensors.read(path)
    hp = importer.hp_from_metadata(meta)
    model = LGC(**hp)
    state, _, _, _ = importer.state_from_file(path, model)
    model.load_state_dict(state)
    model.eval()
    freeze_gdn(model)
    return model, hp


def networks(model, hp, size):
    """-> [(name, module, example inputs, input names, output names)] at a size x size image."""
    g, h = size // 16, size // 64
    x = torch.rand(1, 3, size, size)
    y = torch.randn(1, hp["M"], g, g)
    z = torch.randn(1, hp["N"], h, h)
    nets = [("g_a", model.g_a, (x,), ["x"], ["y"]),
            ("h_a", model.h_a, (y,), ["y"], ["z"]),
            ("h_s", HyperSynthesis(model.h_s), (z,), ["z_hat"], ["means", "scales"])]
    if hp["S"] > 0:
        nets.append(("t_a", Texture(model), (x,), ["x"], ["s"]))
        nets.append(("g_s", Generator(model), (y, torch.randn(1, hp["S"])), ["y_hat", "s_hat"], ["x_hat"]))
    else:
        nets.append(("g_s", GeneratorNoStyle(model), (y,), ["y_hat"], ["x_hat"]))
    return nets


def export(path, outdir, opset=17, size=256):
    model, hp = load_model(path)
    os.makedirs(outdir, exist_ok=True)
    written = {}
    for name, module, inputs, in_names, out_names in networks(model, hp, size):
        dyn = {n: {0: "batch", 2: "height", 3: "width"} for n in in_names + out_names if n not in ("s", "s_hat")}
        dyn.update({n: {0: "batch"} for n in in_names + out_names if n in ("s", "s_hat")})
        out = os.path.join(outdir, f"{name}.onnx")
        with torch.no_grad():
            torch.onnx.export(module, inputs, out, input_names=in_names, output_names=out_names,
                              dynamic_axes=dyn, opset_version=opset, do_constant_folding=True)
        written[name] = out
    with open(os.path.join(outdir, "export.json"), "w") as f:
        json.dump({"weights": os.path.basename(path), "opset": opset, "hp": hp,
                   "networks": sorted(written)}, f, indent=1)
    return written, hp


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("weights")
    ap.add_argument("outdir")
    ap.add_argument("--opset", type=int, default=17)
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    try:
        written, _ = export(a.weights, a.outdir, a.opset)
    except importer.WeightImportError as e:
        sys.exit(f"export_onnx: {e}")
    for name, p in sorted(written.items()):
        print(f"{name}: {p} ({os.path.getsize(p)} bytes)")


if __name__ == "__main__":
    main()
