"""PSNR and MS-SSIM (Wang et al. 2003: 5 scales, 11x11 Gaussian sigma 1.5, valid filtering)."""
import math

import torch
import torch.nn.functional as F

MS_WEIGHTS = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)


def psnr(a, b, peak=1.0):
    mse = float(((a - b) ** 2).mean())
    return 10 * math.log10(peak * peak / max(mse, 1e-12))


def _window(size=11, sigma=1.5):
    g = torch.exp(-((torch.arange(size, dtype=torch.float64) - size // 2) ** 2) / (2 * sigma * sigma))
    return g / g.sum()


def _ssim_cs(x, y, win, peak):
    c1, c2 = (0.01 * peak) ** 2, (0.03 * peak) ** 2
    ch = x.shape[1]
    wh, wv = win.view(1, 1, 1, -1).repeat(ch, 1, 1, 1), win.view(1, 1, -1, 1).repeat(ch, 1, 1, 1)
    blur = lambda t: F.conv2d(F.conv2d(t, wh, groups=ch), wv, groups=ch)  # separable, no padding
    mx, my = blur(x), blur(y)
    sxx, syy, sxy = blur(x * x) - mx * mx, blur(y * y) - my * my, blur(x * y) - mx * my
    cs = (2 * sxy + c2) / (sxx + syy + c2)
    ssim = ((2 * mx * my + c1) / (mx * mx + my * my + c1)) * cs
    return ssim.mean(dim=(2, 3)), cs.mean(dim=(2, 3))


def ms_ssim(x, y, peak=1.0):
    """x, y [B, C, H, W] in [0, peak]; H, W >= 161 for 5 scales. Returns [B] (mean over channels)."""
    x, y = x.double(), y.double()
    win = _window().to(x.device)
    vals = []
    for i, _ in enumerate(MS_WEIGHTS):
        ssim, cs = _ssim_cs(x, y, win, peak)
        vals.append(torch.relu(ssim if i == len(MS_WEIGHTS) - 1 else cs))
        if i < len(MS_WEIGHTS) - 1:
            x, y = F.avg_pool2d(x, 2), F.avg_pool2d(y, 2)
    w = torch.tensor(MS_WEIGHTS, dtype=torch.float64, device=x.device)
    out = torch.prod(torch.stack(vals, 0) ** w[:, None, None], dim=0)
    return out.mean(dim=1)
