"""Model -> contract tensors (docs/model-format.md): float weights, effective GDN, fixed-point h_s,
integer CDF tables and metadata."""
import json

import numpy as np
import torch

from . import hs_fixed
from .entropy import build_tables, gaussian_pmfs, scale_table
from .layers import GDN

FORMAT_VERSION = "1"


def export_tensors(model, f16=False, Fa=8, Fw=12, clamp_bits=22, precision=16, name="lgc", training=None,
                   scale_max=256.0, scale_levels=64):
    """-> (tensors {name: np array}, metadata {str: str})."""
    fdt = np.float16 if f16 else np.float32
    t = {}
    skip = ("h_s.", "z_prior.", "tex_prior.", "scale_table")
    modules = dict(model.named_modules())
    for key, v in model.state_dict().items():
        if key.startswith(skip):
            continue
        mod_name, _, leaf = key.rpartition(".")
        mod = modules[mod_name]
        if isinstance(mod, GDN):
            beta, gamma = mod.effective()
            v = beta if leaf == "beta" else gamma
        t[key] = v.detach().cpu().numpy().astype(fdt)
    for lname, (wq, bq) in hs_fixed.quantize(model, Fa, Fw).items():
        t[f"h_s.{lname}.weight_q"] = wq.astype(np.int32)
        t[f"h_s.{lname}.bias_q"] = bq.astype(np.int32)
    priors = [("z_prior", model.z_prior.pmfs())]
    if model.hp["S"] > 0:
        priors.append(("tex_prior", model.tex_prior.pmfs()))
    scales = scale_table(hi=scale_max, levels=scale_levels).double()
    priors.append(("gc", gaussian_pmfs(scales)))
    for pname, pmfs in priors:
        cdf, length, offset = build_tables(pmfs, precision)
        t[f"{pname}.cdf"], t[f"{pname}.cdf_length"], t[f"{pname}.offset"] = cdf, length, offset
    t["gc.scale_table_q"] = torch.round(scales * 2 ** Fa).numpy().astype(np.int32)
    hp = model.hp
    meta = dict(format="lgc-safetensors", format_version=FORMAT_VERSION, arch=model.arch, name=name,
                N=hp["N"], M=hp["M"], S=hp["S"], C=hp["C"], rgb_heads="true" if hp["rgb_heads"] else "false",
                hs_act_frac_bits=Fa, hs_weight_frac_bits=Fw, hs_clamp_bits=clamp_bits, cdf_precision=precision,
                adain_instance_norm="false", training=json.dumps(training or {}, sort_keys=True))
    return t, {k: str(v) for k, v in meta.items()}


def check_tables(tensors, prefix, precision=16):
    """Raise if a table set breaks the contract's invariants."""
    cdf, length, offset = (tensors[f"{prefix}.{k}"] for k in ("cdf", "cdf_length", "offset"))
    assert cdf.dtype == np.int32 and length.dtype == np.int32 and offset.dtype == np.int32
    assert cdf.shape[0] == length.shape[0] == offset.shape[0]
    for i in range(cdf.shape[0]):
        n = int(length[i])
        c = cdf[i, :n].astype(np.int64)
        if n < 3 or c[0] != 0 or c[-1] != 1 << precision or not (np.diff(c) >= 1).all():
            raise AssertionError(f"{prefix} table {i} violates the CDF invariants")
