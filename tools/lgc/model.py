"""The lgc-v1 network (docs/model-format.md). state_dict keys map 1:1 onto the contract's names;
GDN params and h_s are transformed at export (effective GDN, fixed-point h_s).

Training quantization: y goes to the generator as round(y - mean) + mean with a straight-through
gradient, and its rate uses additive uniform noise; z and s use additive noise for rate and
straight-through rounding for the networks that read them (h_s, AdaIN), so training sees the
same integer latents as the codec."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from .entropy import FactorizedPrior, gaussian_likelihood, scale_table
from .layers import AdaIN, AnalysisHeads, GDN, Seq, conv, deconv


def ste_round(x):
    return x + (torch.round(x) - x).detach()


def noisy(x):
    return x + torch.empty_like(x).uniform_(-0.5, 0.5)


class LGC(nn.Module):
    def __init__(self, N=64, M=128, S=64, C=0, rgb_heads=False):
        super().__init__()
        if rgb_heads and C <= 0:
            raise ValueError("rgb_heads needs C > 0 (the rgb.* heads have width C)")
        self.hp = dict(N=N, M=M, S=S, C=C, rgb_heads=bool(rgb_heads))
        self.g_a = Seq([("conv0", conv(3, N, 5, 2)), ("gdn0", GDN(N)), ("conv1", conv(N, N, 5, 2)), ("gdn1", GDN(N)),
                        ("conv2", conv(N, N, 5, 2)), ("gdn2", GDN(N)), ("conv3", conv(N, M, 5, 2))])
        self.h_a = Seq([("conv0", conv(M, N, 3, 1)), ("relu", None), ("conv1", conv(N, N, 5, 2)), ("relu", None),
                        ("conv2", conv(N, N, 5, 2))])
        self.h_s = Seq([("deconv0", deconv(N, N, 5, 2)), ("relu", None), ("deconv1", deconv(N, N, 5, 2)),
                        ("relu", None), ("conv2", conv(N, 2 * M, 3, 1))])
        self.g_s = nn.Module()
        for i in range(4):
            setattr(self.g_s, f"deconv{i}", deconv(M if i == 0 else N, 3 if i == 3 else N, 5, 2))
            if i < 3:
                setattr(self.g_s, f"igdn{i}", GDN(N, inverse=True))
                if S > 0:
                    setattr(self.g_s, f"adain{i}", AdaIN(S, N))
        self.z_prior = FactorizedPrior(N)
        if S > 0:
            self.t_a = Seq([("conv0", conv(3, N, 5, 2)), ("relu", None), ("conv1", conv(N, N, 5, 2)), ("relu", None),
                            ("conv2", conv(N, N, 5, 2)), ("relu", None), ("conv3", conv(N, N, 5, 2)), ("relu", None)])
            self.t_a.fc = nn.Linear(N, S)
            self.tex_prior = FactorizedPrior(S)
        if C > 0:
            self.an = AnalysisHeads(M, C)
        if rgb_heads:
            self.rgb = AnalysisHeads(M, C)
            self.rgb.stem = Seq([("conv0", conv(3, N, 5, 2)), ("relu", None), ("conv1", conv(N, N, 5, 2)),
                                 ("relu", None), ("conv2", conv(N, N, 5, 2)), ("relu", None),
                                 ("conv3", conv(N, M, 5, 2))])
        self.register_buffer("scale_table", scale_table())

    @property
    def arch(self):
        return "lgc-v1" if self.hp["S"] > 0 else "hyperprior-v1"

    def texture(self, x):
        return self.t_a.fc(self.t_a(x).mean(dim=(2, 3)))

    def generate(self, y_hat, s_hat):
        h = y_hat
        for i in range(4):
            h = getattr(self.g_s, f"deconv{i}")(h)
            if i < 3:
                h = getattr(self.g_s, f"igdn{i}")(h)
                if self.hp["S"] > 0:
                    h = getattr(self.g_s, f"adain{i}")(h, s_hat)
        return h

    def forward(self, x, quantize=False):
        """Returns x_hat (unclamped) and likelihoods for the rate term. quantize=True rates the
        rounded latents (evaluation) instead of noisy ones (training)."""
        q = torch.round if quantize else noisy
        y = self.g_a(x)
        z = self.h_a(y)
        z_lik = self.z_prior.likelihood(q(z))
        z_hat = ste_round(z)
        means, scales = self.h_s(z_hat).chunk(2, dim=1)
        y_lik = gaussian_likelihood(q(y - means) + means, scales, means)
        y_hat = ste_round(y - means) + means
        lik = {"y": y_lik, "z": z_lik}
        s_hat = None
        if self.hp["S"] > 0:
            s = self.texture(x)
            lik["s"] = self.tex_prior.likelihood(q(s)[:, :, None, None])
            s_hat = ste_round(s)
        return {"x_hat": self.generate(y_hat, s_hat), "likelihoods": lik, "y_hat": y_hat}

    def aux_loss(self):
        loss = self.z_prior.aux_loss()
        if self.hp["S"] > 0:
            loss = loss + self.tex_prior.aux_loss()
        return loss


def bpp(likelihoods, num_pixels):
    return sum(torch.log2(l).sum() for l in likelihoods.values()) / (-num_pixels)
