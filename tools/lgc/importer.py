"""Shipped safetensors file -> model state (the inverse of exporter.export_tensors), so a training run
can warm-start from a committed weight file on a fresh machine.

Exact for every float tensor (up to the file's fp16 rounding). GDN parameters are exported as their
effective values and mapped back to the sqrt-domain; h_s comes back from its fixed-point integers
(w = q / 2^Fw, b = q / 2^(Fa+Fw): re-quantizing gives the same integers). The factorized priors are
exported only as CDF tables, so their parameters are not recovered: they restart from their init and
are listed in `skipped` (they re-learn in a few hundred steps)."""
import math

import torch

from . import safetensors
from .hs_fixed import LAYERS as HS_LAYERS
from .layers import GDN

_HP_KEYS = ("N", "M", "S", "C")


class WeightImportError(Exception):
    pass


def hp_from_metadata(meta):
    if meta.get("format") != "lgc-safetensors":
        raise WeightImportError("not an lgc weight file (metadata format is not lgc-safetensors)")
    try:
        hp = {k: int(meta[k]) for k in _HP_KEYS}
    except (KeyError, ValueError) as e:
        raise WeightImportError(f"weight file metadata lacks {e}") from e
    hp["rgb_heads"] = meta.get("rgb_heads") == "true"
    return hp


def state_from_file(path, model):
    """-> (state_dict for `model`, loaded names, skipped names, metadata). `model` gives names and shapes."""
    try:
        tensors, meta = safetensors.read(path)
    except (OSError, ValueError, KeyError) as e:
        raise WeightImportError(f"cannot read {path}: {e}") from e
    hp = hp_from_metadata(meta)
    want = {k: model.hp[k] for k in ("N", "M")}
    if {k: hp[k] for k in want} != want:
        raise WeightImportError(f"{path} has N={hp['N']}, M={hp['M']}; this model asks for N={want['N']}, M={want['M']}")
    Fa, Fw = int(meta.get("hs_act_frac_bits", 8)), int(meta.get("hs_weight_frac_bits", 12))
    modules = dict(model.named_modules())
    own = model.state_dict()
    loaded, skipped = [], []
    for key, cur in own.items():
        mod_name, _, leaf = key.rpartition(".")
        src = None
        if key.startswith("h_s."):
            layer = mod_name.split(".", 1)[1]
            if layer in dict(HS_LAYERS):
                q = tensors.get(f"h_s.{layer}.{leaf}_q")
                if q is not None:
                    frac = Fw if leaf == "weight" else Fa + Fw
                    src = torch.from_numpy(q.astype("float64") / 2 ** frac)
        elif key in tensors:
            src = torch.from_numpy(tensors[key].astype("float32"))
            if isinstance(modules.get(mod_name), GDN):
                floor = GDN.BETA_MIN if leaf == "beta" else 0.0
                src = torch.sqrt(torch.clamp(src.double(), min=floor) + GDN.PEDESTAL)
        if src is not None and tuple(src.shape) == tuple(cur.shape):
            own[key] = src.to(cur.dtype)
            loaded.append(key)
        else:
            skipped.append(key)
    return own, loaded, skipped, meta
