"""Integer hyper-synthesis h_s (docs/model-format.md): quantize weights, run the fixed-point path.
`run_float64` is the fast exact path (all partial sums are integers < 2^53); `run_int64` is a slow
numpy int64 reference used by the tests to prove it."""
import numpy as np
import torch
import torch.nn.functional as F

LAYERS = (("deconv0", True), ("deconv1", True), ("conv2", False))


def quantize(model, Fa=8, Fw=12):
    """model.h_s float weights -> {name: (weight_q, bias_q)} as int64 numpy. Refuses |w| >= 8."""
    n_in = model.h_s.deconv0.weight.shape[0]
    if 25 * n_in > 2 ** 13:
        raise ValueError(f"N = {n_in}: 25*N > 2^13 terms could leave float64-exact range")
    out = {}
    for name, _ in LAYERS:
        layer = getattr(model.h_s, name)
        w = layer.weight.detach().double().cpu()
        b = layer.bias.detach().double().cpu()
        if w.abs().max() >= 8:
            raise ValueError(f"h_s.{name}.weight has |w| = {w.abs().max():.3f} >= 8: fixed point would overflow")
        wq = torch.round(w * 2 ** Fw).long().numpy()
        bq = torch.round(b * 2 ** (Fa + Fw)).long().numpy()
        if np.abs(bq).max(initial=0) >= 2 ** 31:
            raise ValueError(f"h_s.{name}.bias does not fit I32 in fixed point")
        out[name] = (wq, bq)
    return out


def _finish(acc, relu, Fw, clamp_bits):
    out = np.floor((acc + 2 ** (Fw - 1)) / 2 ** Fw) if isinstance(acc, np.ndarray) and acc.dtype == np.float64 \
        else (acc + (1 << (Fw - 1))) >> Fw
    if relu:
        out = np.maximum(out, 0)
    return np.clip(out, -(2 ** clamp_bits), 2 ** clamp_bits)


def run_float64(qw, z_hat, Fa=8, Fw=12, clamp_bits=22):
    """z_hat int [B, N, h, w] -> hs_out int64 [B, 2M, 4h, 4w]."""
    lim = 2.0 ** clamp_bits  # clamping the input too keeps every partial sum below 2^53
    a = torch.from_numpy(np.clip(np.asarray(z_hat, np.float64) * 2 ** Fa, -lim, lim))
    for name, relu in LAYERS:
        wq, bq = (torch.from_numpy(t.astype(np.float64)) for t in qw[name])
        if name.startswith("deconv"):
            acc = F.conv_transpose2d(a, wq, bq, stride=2, padding=2, output_padding=1)
        else:
            acc = F.conv2d(a, wq, bq, stride=1, padding=1)
        a = torch.from_numpy(_finish(acc.numpy(), relu, Fw, clamp_bits))
    return a.numpy().astype(np.int64)


def _conv_int64(a, w, b, pad_lo, pad_hi):
    """Stride-1 correlation in int64: a [B,Ci,H,W], w [Co,Ci,k,k]."""
    k = w.shape[-1]
    a = np.pad(a, ((0, 0), (0, 0), (pad_lo, pad_hi), (pad_lo, pad_hi)))
    B, Ci, H, W = a.shape
    Ho, Wo = H - k + 1, W - k + 1
    out = np.zeros((B, w.shape[0], Ho, Wo), np.int64) + b[None, :, None, None]
    for dy in range(k):
        for dx in range(k):
            patch = a[:, :, dy:dy + Ho, dx:dx + Wo]
            out += np.einsum("oi,bihw->bohw", w[:, :, dy, dx], patch)
    return out


def run_int64(qw, z_hat, Fa=8, Fw=12, clamp_bits=22):
    a = np.clip(np.asarray(z_hat, np.int64) << Fa, -(1 << clamp_bits), 1 << clamp_bits)
    for name, relu in LAYERS:
        wq, bq = qw[name]
        if name.startswith("deconv"):
            B, C, H, W = a.shape
            up = np.zeros((B, C, 2 * H, 2 * W), np.int64)  # zero insertion, then a flipped correlation
            up[:, :, ::2, ::2] = a
            wf = wq[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)
            # pad k-1-p = 2 before; the trailing zero row/col of `up` supplies output_padding
            acc = _conv_int64(up, np.ascontiguousarray(wf), bq, 2, 2)
        else:
            acc = _conv_int64(a, wq, bq, 1, 1)
        a = _finish(acc, relu, Fw, clamp_bits)
    return a


def means_and_indices(hs_out, scale_table_q, M, Fa=8):
    """hs_out -> (means float32, scale_index int32) exactly as the contract says."""
    means = (hs_out[:, :M].astype(np.float64) / 2 ** Fa).astype(np.float32)
    scales_q = hs_out[:, M:]
    table = np.asarray(scale_table_q, np.int64)[:-1]
    idx = (table[None, :] < scales_q.reshape(-1, 1)).sum(axis=1).reshape(scales_q.shape)
    return means, idx.astype(np.int32)
