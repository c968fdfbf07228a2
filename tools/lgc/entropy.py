"""Entropy models: Balle-2018 factorized prior (z, style vector) and the Gaussian conditional (y).
Also builds the integer CDF tables of docs/model-format.md."""
import math

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .layers import lower_bound

LIKELIHOOD_MIN = 1e-9
TAIL_MASS = 1e-9
SCALE_MIN = 0.11


def scale_table(lo=0.11, hi=256.0, levels=64):
    """CompressAI's default table: geometric from 0.11 to 256, 64 levels."""
    return torch.exp(torch.linspace(math.log(lo), math.log(hi), levels))


class FactorizedPrior(nn.Module):
    """Learned per-channel univariate density (Balle et al. 2018, appendix 6.1), filters (3,3,3).
    `quantiles` are trained by the aux loss and give the CDF table range at export."""

    def __init__(self, channels, filters=(3, 3, 3), init_scale=10.0):
        super().__init__()
        self.channels = channels
        f = (1,) + tuple(filters) + (1,)
        scale = init_scale ** (1 / (len(filters) + 1))
        for i in range(len(filters) + 1):
            init = math.log(math.expm1(1 / scale / f[i + 1]))
            self.register_parameter(f"matrix{i}", nn.Parameter(torch.full((channels, f[i + 1], f[i]), init)))
            self.register_parameter(f"bias{i}", nn.Parameter(torch.rand(channels, f[i + 1], 1) - 0.5))
            if i < len(filters):
                self.register_parameter(f"factor{i}", nn.Parameter(torch.zeros(channels, f[i + 1], 1)))
        self.n_layers = len(filters) + 1
        t = -math.log(2 / TAIL_MASS - 1)
        self.quantiles = nn.Parameter(torch.tensor([-init_scale, 0.0, init_scale]).repeat(channels, 1, 1))
        self.register_buffer("target", torch.tensor([t, 0.0, -t]))

    def logits_cumulative(self, v):
        """v: [C, 1, K] -> [C, 1, K] logits of the cumulative density."""
        for i in range(self.n_layers):
            v = torch.matmul(F.softplus(getattr(self, f"matrix{i}")), v) + getattr(self, f"bias{i}")
            if i < self.n_layers - 1:
                v = v + torch.tanh(getattr(self, f"factor{i}")) * torch.tanh(v)
        return v

    def aux_loss(self):
        return (self.logits_cumulative(self.quantiles) - self.target).abs().sum()

    def likelihood(self, v):
        """v: [B, C, H, W] integers (or noisy) -> probability mass of [v-0.5, v+0.5]."""
        b, c, h, w = v.shape
        flat = v.permute(1, 0, 2, 3).reshape(c, 1, -1)
        lower = self.logits_cumulative(flat - 0.5)
        upper = self.logits_cumulative(flat + 0.5)
        sign = -torch.sign(lower + upper).detach()  # evaluate in the flatter tail for precision
        lik = (torch.sigmoid(sign * upper) - torch.sigmoid(sign * lower)).abs()
        lik = lower_bound(lik, LIKELIHOOD_MIN)
        return lik.reshape(c, b, h, w).permute(1, 0, 2, 3)

    @torch.no_grad()
    def pmfs(self, radius=2048):
        """Per-channel (offset, pmf over offset..offset+n-1, tail mass). The range is found by scanning
        the learned CDF for TAIL_MASS / 2 in each tail: the aux-trained quantiles converge too slowly
        in short runs to be trusted for it."""
        dev = self.quantiles.device
        v = torch.arange(-radius, radius + 1, dtype=torch.float32, device=dev)
        grid = v.repeat(self.channels, 1, 1)
        lower = self.logits_cumulative(grid - 0.5)[:, 0]
        upper = self.logits_cumulative(grid + 0.5)[:, 0]
        # keep v while each tail beyond it still holds >= TAIL_MASS / 2 (sigmoid(-l) is precise near 1)
        keep = (torch.sigmoid(upper) >= TAIL_MASS / 2) & (torch.sigmoid(-lower) >= TAIL_MASS / 2)
        out = []
        for c in range(self.channels):
            idx = torch.nonzero(keep[c]).flatten()
            lo, hi = (int(idx[0]), int(idx[-1])) if idx.numel() else (radius, radius)
            lo, hi = min(lo, radius), max(hi, radius)  # always cover 0
            sign = -torch.sign(lower[c, lo:hi + 1] + upper[c, lo:hi + 1])
            pmf = (torch.sigmoid(sign * upper[c, lo:hi + 1]) - torch.sigmoid(sign * lower[c, lo:hi + 1])).abs()
            pmf = pmf.double().cpu().numpy()
            out.append((lo - radius, pmf, max(0.0, 1.0 - pmf.sum())))
        return out


def gaussian_likelihood(y, scales, means):
    """Mass of N(mean, scale) on [y-0.5, y+0.5]; scale lower-bounded at 0.11 as in the table."""
    scales = lower_bound(scales, SCALE_MIN)
    v = (y - means).abs()
    upper = 0.5 * torch.erfc(-(0.5 - v) / (scales * math.sqrt(2)))
    lower = 0.5 * torch.erfc(-(-0.5 - v) / (scales * math.sqrt(2)))
    return lower_bound(upper - lower, LIKELIHOOD_MIN)


def gaussian_pmfs(scales):
    """CompressAI's table construction: symmetric range of +-ceil(scale * q(tail/2)) around 0."""
    from statistics import NormalDist

    mult = -NormalDist().inv_cdf(TAIL_MASS / 2)
    out = []
    for s in scales.tolist():
        center = int(math.ceil(s * mult))
        v = np.arange(-center, center + 1, dtype=np.float64)
        nd = NormalDist(0, s)
        cdf = np.array([nd.cdf(t) for t in np.concatenate([v - 0.5, v[-1:] + 0.5])])
        pmf = np.diff(cdf)
        out.append((-center, pmf, max(0.0, 1.0 - pmf.sum())))
    return out


def quantize_pmf(pmf, tail, precision=16):
    """pmf (+ tail as escape) -> integer cdf with every frequency >= 1 and total 2^precision."""
    total = 1 << precision
    p = np.concatenate([np.asarray(pmf, np.float64), [tail]])
    freq = np.maximum(1, np.round(p / max(p.sum(), 1e-300) * total)).astype(np.int64)
    if freq.size > total:
        raise ValueError("table longer than 2^precision symbols")
    while freq.sum() != total:  # settle the rounding error on the largest frequencies
        diff = total - int(freq.sum())
        i = int(np.argmax(freq))
        step = diff if diff > 0 else max(diff, 1 - int(freq[i]))
        freq[i] += step
    return np.concatenate([[0], np.cumsum(freq)]).astype(np.int64)


def build_tables(pmfs, precision=16):
    """List of (offset, pmf, tail) -> (cdf [T, Lmax] zero padded, cdf_length [T], offset [T]) as int32."""
    cdfs = [quantize_pmf(p, t, precision) for _, p, t in pmfs]
    lmax = max(len(c) for c in cdfs)
    table = np.zeros((len(cdfs), lmax), np.int32)
    for i, c in enumerate(cdfs):
        table[i, : len(c)] = c
    lengths = np.array([len(c) for c in cdfs], np.int32)
    offsets = np.array([o for o, _, _ in pmfs], np.int32)
    return table, lengths, offsets
