"""PyTorch reference of the engine's codec path, run from exported contract tensors only
(effective GDN, integer h_s, integer tables). Parity fixtures and eval use this, so they test
exactly what the engine loads."""
import math

import numpy as np
import torch
import torch.nn.functional as F

from . import hs_fixed


class Exported:
    def __init__(self, tensors, meta):
        self.t = {k: torch.from_numpy(v.astype(np.float32)) if v.dtype in (np.float16, np.float32) else v
                  for k, v in tensors.items()}
        self.meta = meta
        self.N, self.M, self.S, self.C = (int(meta[k]) for k in ("N", "M", "S", "C"))
        self.rgb_heads = meta["rgb_heads"] == "true"
        self.Fa, self.Fw = int(meta["hs_act_frac_bits"]), int(meta["hs_weight_frac_bits"])
        self.clamp_bits = int(meta["hs_clamp_bits"])
        self.qw = {n: (tensors[f"h_s.{n}.weight_q"].astype(np.int64), tensors[f"h_s.{n}.bias_q"].astype(np.int64))
                   for n, _ in hs_fixed.LAYERS}

    def conv(self, name, x, s=1):
        w = self.t[f"{name}.weight"]
        return F.conv2d(x, w, self.t[f"{name}.bias"], stride=s, padding=w.shape[-1] // 2)

    def deconv(self, name, x):
        return F.conv_transpose2d(x, self.t[f"{name}.weight"], self.t[f"{name}.bias"], stride=2, padding=2,
                                  output_padding=1)

    def gdn(self, name, x, inverse=False):
        norm = torch.sqrt(F.conv2d(x * x, self.t[f"{name}.gamma"][:, :, None, None], self.t[f"{name}.beta"]))
        return x * norm if inverse else x / norm

    def linear(self, name, v):
        return F.linear(v, self.t[f"{name}.weight"], self.t[f"{name}.bias"])

    def heads(self, prefix, feat):
        t = F.relu(self.conv(f"{prefix}.trunk.conv1", F.relu(self.conv(f"{prefix}.trunk.conv0", feat))))
        up = lambda v, f: F.interpolate(v, scale_factor=f, mode="bilinear", align_corners=False)
        p = F.relu(self.conv(f"{prefix}.parse.conv0", up(t, 2)))
        p = F.relu(self.conv(f"{prefix}.parse.conv1", up(p, 2)))
        return t, up(self.conv(f"{prefix}.parse.out", p), 4), self.linear(f"{prefix}.attr.fc", t.mean(dim=(2, 3)))

    @torch.no_grad()
    def run(self, x):
        """x float32 [1, 3, H, W] (H, W multiples of 64) -> dict of every parity intermediate."""
        r = {"x": x}
        h = x
        for i in range(4):
            h = self.conv(f"g_a.conv{i}", h, 2)
            if i < 3:
                h = self.gdn(f"g_a.gdn{i}", h)
        r["y"] = y = h
        h = F.relu(self.conv("h_a.conv0", y))
        h = F.relu(self.conv("h_a.conv1", h, 2))
        r["z"] = z = self.conv("h_a.conv2", h, 2)
        r["z_hat"] = z_hat = torch.round(z)
        hs_out = hs_fixed.run_float64(self.qw, z_hat.numpy().astype(np.int64), self.Fa, self.Fw, self.clamp_bits)
        means, idx = hs_fixed.means_and_indices(hs_out, self.t["gc.scale_table_q"], self.M, self.Fa)
        r["hs_out"], r["means"], r["scale_index"] = hs_out.astype(np.int32), torch.from_numpy(means), idx
        r["y_sym"] = y_sym = torch.round(y - r["means"])
        r["y_hat"] = y_hat = y_sym + r["means"]
        r["y_sym"] = y_sym.numpy().astype(np.int32)
        s_hat = None
        if self.S > 0:
            h = x
            for i in range(4):
                h = F.relu(self.conv(f"t_a.conv{i}", h, 2))
            r["s"] = s = self.linear("t_a.fc", h.mean(dim=(2, 3)))
            r["s_hat"] = s_hat = torch.round(s)
        h = y_hat
        for i in range(4):
            h = self.deconv(f"g_s.deconv{i}", h)
            if i < 3:
                h = self.gdn(f"g_s.igdn{i}", h, inverse=True)
                if self.S > 0:
                    p = self.linear(f"g_s.adain{i}", s_hat)
                    h = h * (1 + p[:, :self.N, None, None]) + p[:, self.N:, None, None]
        r["x_hat"] = h.clamp(0, 1)
        if self.C > 0:
            r["an_trunk"], r["parse_logits"], r["attr_logits"] = self.heads("an", y_hat)
        if self.rgb_heads:
            h = x
            for i in range(4):
                h = self.conv(f"rgb.stem.conv{i}", h, 2)
                h = F.relu(h) if i < 3 else h
            _, r["rgb_parse_logits"], r["rgb_attr_logits"] = self.heads("rgb", h)
        return r

    def table_bits(self, prefix, values, table_index):
        """Estimated code length of integer `values` coded with tables `table_index` (same shape).
        Escapes cost the escape symbol plus an Elias-gamma estimate of the value (engine-defined)."""
        cdf = self.t[f"{prefix}.cdf"].astype(np.int64)
        length = self.t[f"{prefix}.cdf_length"].astype(np.int64)[table_index]
        off = self.t[f"{prefix}.offset"].astype(np.int64)[table_index]
        sym = np.asarray(values, np.int64) - off
        esc = (sym < 0) | (sym >= length - 2)
        k = np.where(esc, length - 2, sym)
        freq = cdf[table_index, k + 1] - cdf[table_index, k]
        prec = int(self.meta["cdf_precision"])
        bits = prec - np.log2(freq)
        if esc.any():
            v = np.asarray(values, np.int64)[esc]
            u = np.where(v >= 0, 2 * v, -2 * v - 1)
            bits[esc] += 2 * np.floor(np.log2(u + 1)) + 1
        return float(bits.sum())

    def estimated_bits(self, r):
        """Total estimated bits of z_hat, y_sym and s_hat for one image from the integer tables."""
        z = r["z_hat"].numpy().astype(np.int64)
        ch = np.broadcast_to(np.arange(z.shape[1])[None, :, None, None], z.shape)
        bits = self.table_bits("z_prior", z, ch)
        bits += self.table_bits("gc", r["y_sym"], r["scale_index"])
        if self.S > 0:
            s = r["s_hat"].numpy().astype(np.int64)
            bits += self.table_bits("tex_prior", s, np.broadcast_to(np.arange(s.shape[1])[None], s.shape))
        return bits


def load(path):
    from . import safetensors

    tensors, meta = safetensors.read(path)
    if meta.get("format") != "lgc-safetensors":
        raise ValueError(f"{path} is not an lgc-safetensors file")
    return Exported(tensors, meta)


def pad64(x):
    """Edge-replicate right/bottom padding to multiples of 64 (as the engine does)."""
    h, w = x.shape[-2:]
    ph, pw = (-h) % 64, (-w) % 64
    return F.pad(x, (0, pw, 0, ph), mode="replicate") if ph or pw else x


_ = math
