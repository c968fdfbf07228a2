"""Shipped safetensors file -> model state (the inverse of exporter.export_tensors), so a training run
can warm-start from a committed weight file on a fresh machine.

Exact for every float tensor (up to the file's fp16 rounding). GDN parameters are exported as their
effective values and mapped back to the sqrt-domain; h_s comes back from its fixed-point integers
(w = q / 2^Fw, b = q / 2^(Fa+Fw): re-quantizing gives the same integers). The factorized priors are
exported only as CDF tables: `fit_priors` fits their parameters to those tables (cross-entropy within
about 0.001 bit/symbol of the tables' entropy on the shipped files), which ckpt.warm_start does."""
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


def fit_prior(prior, cdf, length, offset, precision=16, steps=400, lr=0.05):
    """Fit a FactorizedPrior's parameters to an exported CDF table set (cross-entropy over each channel's
    support; the escape symbol is left out). -> final mean cross-entropy in bits per symbol."""
    cdf, length, offset = (torch.as_tensor(a, dtype=torch.float64) for a in (cdf, length, offset))
    c = prior.channels
    if cdf.shape[0] != c:
        raise WeightImportError(f"prior table has {cdf.shape[0]} channels, the model {c}")
    n_sym = (length - 2).long()  # pmf entries (length - 1 frequencies, the last one is the escape)
    k = int(n_sym.max())
    freq = torch.diff(cdf, dim=1)[:, :k] / 2 ** precision
    mask = torch.arange(k)[None, :] < n_sym[:, None]
    target = torch.where(mask, freq, torch.zeros_like(freq)).float()
    grid = (offset[:, None] + torch.arange(k)[None, :]).float()[None, :, None, :]  # [1, C, 1, K]
    params = [p for n, p in prior.named_parameters() if n != "quantiles"]
    opt = torch.optim.Adam(params, lr=lr)
    for _ in range(steps):
        opt.zero_grad()
        lik = prior.likelihood(grid)[0, :, 0, :]
        loss = -(target * torch.log2(lik)).sum() / c
        loss.backward()
        opt.step()
    with torch.no_grad():  # quantiles: where the fitted CDF crosses the tails (the aux loss keeps them there)
        lo = offset.float()
        hi = offset.float() + n_sym.float() - 1
        prior.quantiles[:, 0, 0] = lo
        prior.quantiles[:, 0, 1] = (lo + hi) / 2
        prior.quantiles[:, 0, 2] = hi
    return float(loss)


def fit_priors(model, path):
    """Fit z_prior (and tex_prior) of `model` to the tables of weight file `path`; -> {name: bits/symbol}."""
    tensors, meta = safetensors.read(path)
    precision = int(meta.get("cdf_precision", 16))
    out = {}
    for name in ("z_prior", "tex_prior"):
        prior = getattr(model, name, None)
        if prior is None or f"{name}.cdf" not in tensors:
            continue
        out[name] = fit_prior(prior, tensors[f"{name}.cdf"], tensors[f"{name}.cdf_length"],
                              tensors[f"{name}.offset"], precision)
    return out
