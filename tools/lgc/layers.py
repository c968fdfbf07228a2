"""Building blocks of lgc-v1 (see docs/model-format.md). Attribute names are the contract's names."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def conv(cin, cout, k, s):
    return nn.Conv2d(cin, cout, k, stride=s, padding=k // 2)


def deconv(cin, cout, k, s):
    return nn.ConvTranspose2d(cin, cout, k, stride=s, padding=k // 2, output_padding=s - 1)


class _LowerBound(torch.autograd.Function):
    """max(x, b) that still lets gradients push x upwards (Balle's trick; plain clamp would stall)."""

    @staticmethod
    def forward(ctx, x, bound):
        ctx.save_for_backward(x, bound)
        return torch.max(x, bound)

    @staticmethod
    def backward(ctx, g):
        x, bound = ctx.saved_tensors
        pass_through = (x >= bound) | (g < 0)
        return pass_through.type(g.dtype) * g, None


def lower_bound(x, b):
    return _LowerBound.apply(x, torch.as_tensor(b, dtype=x.dtype, device=x.device))


class GDN(nn.Module):
    """GDN / IGDN. Stored params `beta`, `gamma` are reparameterized (sqrt-domain, CompressAI style);
    effective() gives the contract's exported values."""

    PEDESTAL = 2.0 ** -36
    BETA_MIN = 1e-6

    def __init__(self, c, inverse=False, gamma_init=0.1):
        super().__init__()
        self.inverse = inverse
        self.beta = nn.Parameter(torch.sqrt(torch.ones(c) + self.PEDESTAL))
        self.gamma = nn.Parameter(torch.sqrt(gamma_init * torch.eye(c) + self.PEDESTAL))

    def effective(self):
        beta = lower_bound(self.beta, math.sqrt(self.BETA_MIN + self.PEDESTAL)) ** 2 - self.PEDESTAL
        gamma = lower_bound(self.gamma, math.sqrt(self.PEDESTAL)) ** 2 - self.PEDESTAL
        return beta, gamma

    def forward(self, x):
        beta, gamma = self.effective()
        norm = torch.sqrt(F.conv2d(x * x, gamma[:, :, None, None], beta))
        return x * norm if self.inverse else x / norm


class AdaIN(nn.Linear):
    """p = W s_hat + b; out_c = x_c * (1 + p[c]) + p[C + c]. Zero init: starts as identity."""

    def __init__(self, s_dim, c):
        super().__init__(s_dim, 2 * c)
        nn.init.zeros_(self.weight)
        nn.init.zeros_(self.bias)
        self.c = c

    def forward(self, x, s):
        p = super().forward(s)
        return x * (1 + p[:, : self.c, None, None]) + p[:, self.c :, None, None]


class Seq(nn.Module):
    """Ordered named layers; 'relu' entries between them are not modules (no state)."""

    def __init__(self, layers):
        super().__init__()
        self.order = []
        for name, mod in layers:
            if mod is not None:
                setattr(self, name, mod)
            self.order.append(name)

    def forward(self, x):
        for name in self.order:
            x = F.relu(x) if name == "relu" else getattr(self, name)(x)
        return x


class AnalysisHeads(nn.Module):
    """Trunk + parsing + attribute heads (an.* / rgb.*): input at 1/16 resolution with cin channels."""

    def __init__(self, cin, c, n_classes=19, n_attr=40):
        super().__init__()
        self.trunk = Seq([("conv0", conv(cin, c, 3, 1)), ("relu", None), ("conv1", conv(c, c, 3, 1)), ("relu", None)])
        self.parse = nn.Module()
        self.parse.conv0 = conv(c, c, 3, 1)
        self.parse.conv1 = conv(c, c, 3, 1)
        self.parse.out = conv(c, n_classes, 1, 1)
        self.attr = nn.Module()
        self.attr.fc = nn.Linear(c, n_attr)

    def forward(self, feat):
        t = self.trunk(feat)
        up = lambda v, f: F.interpolate(v, scale_factor=f, mode="bilinear", align_corners=False)
        p = F.relu(self.parse.conv0(up(t, 2)))
        p = F.relu(self.parse.conv1(up(p, 2)))
        parse_logits = up(self.parse.out(p), 4)
        attr_logits = self.attr.fc(t.mean(dim=(2, 3)))
        return t, parse_logits, attr_logits
