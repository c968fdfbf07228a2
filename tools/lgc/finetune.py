"""Stages `gan` and `joint`, both starting from a trained codec (--init).

gan: adversarial fine-tune of the generator. The base layer (g_a, h_a, h_s, z prior) is frozen, so the
  semantic bits and the analysis heads stay valid; the generator, its AdaIN layers and the texture
  encoder/prior learn against a conditional PatchGAN (hinge loss) with the distortion and perceptual
  terms kept. Judge: sharper output, at most 1 dB PSNR lost.
joint: the whole codec and the analysis heads fine-tuned together on the parsing set with
  rate + distortion + task loss (the paper's joint regime; the separate regime is stage `heads`)."""
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from . import ckpt
from .data import DataError, random_crops
from .heads import evaluate, load_parse, losses, parse_batch, synthetic_parse, y_hat_of
from .model import LGC, bpp
from .optim import codec_step

FROZEN_IN_GAN = ("g_a.", "h_a.", "h_s.", "z_prior.", "an.", "rgb.")


class PatchDiscriminator(nn.Module):
    """Conditional PatchGAN: the image plus the decoded latents (1x1 conv, nearest-upsampled x16)."""

    def __init__(self, m, width=64, cond=12):
        super().__init__()
        sn = nn.utils.spectral_norm
        self.cond = nn.Conv2d(m, cond, 1)
        layers, cin = [], 3 + cond
        for i, cout in enumerate((width, 2 * width, 4 * width, 4 * width)):
            layers += [sn(nn.Conv2d(cin, cout, 4, 2 if i < 3 else 1, 1)), nn.LeakyReLU(0.2)]
            cin = cout
        layers.append(sn(nn.Conv2d(cin, 1, 3, 1, 1)))
        self.net = nn.Sequential(*layers)

    def forward(self, x, y_hat):
        c = F.interpolate(self.cond(y_hat), size=x.shape[-2:], mode="nearest")
        return self.net(torch.cat([x, c], 1))


def _load_codec(args, device, C=0, rgb_heads=False):
    if not args.init:
        if args.smoke:
            return LGC(N=args.N, M=args.M, S=args.S, C=C, rgb_heads=rgb_heads).to(device), None
        raise SystemExit(f"error: --stage {args.stage} needs --init <codec checkpoint>")
    try:
        state = ckpt.load(args.init, map_location=device)
    except ckpt.CheckpointError as e:
        raise SystemExit(f"error: {e}")
    hp = dict(state["hp"], C=C or state["hp"]["C"], rgb_heads=rgb_heads or state["hp"]["rgb_heads"])
    model = LGC(**hp).to(device)
    ckpt.warm_start(model, args.init, map_location=device)
    return model, state


def _setup(args, suffix, check_out):
    out = args.out or os.path.join("/work/ckpt", args.run + suffix)
    check_out(out)
    torch.manual_seed(args.seed)
    return out, torch.device(args.device), np.random.default_rng(args.seed)


def _perceptual(args, device):
    from train import load_perceptual
    return load_perceptual(args, device)


def _finish(args, model, out, info, log):
    path = os.path.join(out, "last.pt")
    ckpt.save(path, model, dict(step=info["steps"], elapsed=info["wall_minutes"] * 60, training=info))
    log(f"checkpoint {path}")
    if args.light:
        ckpt.save_light(args.light, model, info)
        log(f"light weights {args.light}")
    return path


def train_gan(args):
    from train import check_out, device_name, load_codec_data, log, validate

    out, device, rng = _setup(args, "_gan", check_out)
    model, _ = _load_codec(args, device)
    if model.hp["S"] <= 0:
        raise SystemExit("error: --stage gan needs a model with the texture layer (S > 0)")
    train, val = load_codec_data(args)
    for n, p in model.named_parameters():
        p.requires_grad = not n.startswith(FROZEN_IN_GAN)
    g_params = [p for n, p in model.named_parameters() if p.requires_grad and not n.endswith("quantiles")]
    aux_params = [p for n, p in model.named_parameters() if n.startswith("tex_prior") and n.endswith("quantiles")]
    disc = PatchDiscriminator(model.hp["M"]).to(device)
    opt_g = torch.optim.Adam(g_params, lr=args.lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(disc.parameters(), lr=args.lr, betas=(0.5, 0.999))
    aux_opt = torch.optim.Adam(aux_params, lr=1e-3)
    perceptual = _perceptual(args, device)
    vb0, vp0 = validate(model, val, device)
    log(f"gan: start val bpp {vb0:.4f} (estimated) psnr {vp0:.2f}; w_gan {args.w_gan} w_perc {args.w_perc}")
    budget = float("inf") if args.smoke else args.minutes * 60
    max_steps = args.max_steps or (3 if args.smoke else 0)
    t0, step, acc, n_acc = time.time(), 0, np.zeros(4), 0
    model.train()
    while time.time() - t0 < budget and (not max_steps or step < max_steps):
        x = torch.from_numpy(random_crops(train, args.batch, args.crop, rng)).to(device)
        res = model(x)
        x_hat = res["x_hat"]
        y_hat = res["y_hat"].detach()
        # discriminator step (hinge)
        d_real, d_fake = disc(x, y_hat), disc(x_hat.detach(), y_hat)
        d_loss = F.relu(1 - d_real).mean() + F.relu(1 + d_fake).mean()
        opt_d.zero_grad()
        d_loss.backward()
        opt_d.step()
        # generator step: distortion (+ perceptual) + adversarial + texture rate (the base layer is frozen)
        mse = ((x_hat - x) ** 2).mean()
        dist = mse + args.w_perc * perceptual(x_hat, x) if perceptual is not None else mse
        g_adv = -disc(x_hat, y_hat).mean()
        rate_s = bpp({"s": res["likelihoods"]["s"]}, x.shape[0] * x.shape[2] * x.shape[3])
        loss = args.lmbda * 255 ** 2 * dist + args.w_gan * g_adv + rate_s
        codec_step(loss, opt_g, g_params, aux_opt, model.tex_prior.aux_loss)
        step += 1
        n_acc += 1
        acc += [float(d_loss), float(g_adv), float(mse), float(rate_s)]
        if step % 50 == 0 or args.smoke:
            d, g, m, r = acc / n_acc
            log(f"gan step {step} d {d:.3f} g_adv {g:.3f} psnr {10 * np.log10(1 / max(m, 1e-12)):.2f} bpp_s {r:.5f}")
            acc, n_acc = np.zeros(4), 0
    vb, vp = validate(model, val, device)
    log(f"gan: final val bpp {vb:.4f} (estimated) psnr {vp:.2f} (start {vp0:.2f})")
    info = dict(stage="gan", init=args.init, steps=step, batch=args.batch, crop=args.crop, lr=args.lr,
                lmbda=args.lmbda, w_gan=args.w_gan, w_perc=args.w_perc if perceptual is not None else 0.0,
                wall_minutes=round((time.time() - t0) / 60, 2), device=device_name(device),
                val_bpp_est=round(vb, 5), val_psnr=round(vp, 3), val_psnr_start=round(vp0, 3))
    return _finish(args, model, out, info, log)


def train_joint(args):
    from train import check_out, device_name, log

    out, device, rng = _setup(args, "_joint", check_out)
    model, _ = _load_codec(args, device, C=args.C or 64, rgb_heads=args.rgb_heads)
    if args.smoke:
        tr, va = synthetic_parse(16, 64, 1), synthetic_parse(4, 64, 2)
    else:
        try:
            tr = load_parse(args.data, "parse_train", args.cache)
            va = load_parse(args.data, "parse_val", args.cache)
        except DataError as e:
            raise SystemExit(f"error: {e}")
    head_names = ("an.", "rgb.")
    codec_params = [p for n, p in model.named_parameters() if not n.startswith(head_names) and not n.endswith("quantiles")]
    head_params = [p for n, p in model.named_parameters() if n.startswith(head_names)]
    aux_params = [p for n, p in model.named_parameters() if n.endswith("quantiles")]
    opt = torch.optim.Adam([{"params": codec_params, "lr": args.lr}, {"params": head_params, "lr": args.lr * 10}])
    aux_opt = torch.optim.Adam(aux_params, lr=1e-3)
    budget = float("inf") if args.smoke else args.minutes * 60
    max_steps = args.max_steps or (3 if args.smoke else 0)
    t0, step = time.time(), 0
    model.train()
    while time.time() - t0 < budget and (not max_steps or step < max_steps):
        late = time.time() - t0 >= (1 - args.lr_drop_frac) * budget
        for g, base in zip(opt.param_groups, (args.lr, args.lr * 10)):
            g["lr"] = base / 5 if late else base
        idx = rng.integers(0, len(tr[0]), args.batch)
        x, m, a = parse_batch(tr, idx, rng.uniform() < 0.5, device)
        res = model(x)
        mse = ((res["x_hat"] - x) ** 2).mean()
        rate = bpp(res["likelihoods"], x.shape[0] * x.shape[2] * x.shape[3])
        _, lg, al = model.an(res["y_hat"])  # the heads read the decoder-side latents (straight-through)
        ce, bce = losses(lg, al, m, a)
        task = ce + bce
        if model.hp["rgb_heads"]:  # the pixel baseline learns beside it (it does not touch the codec)
            _, lg2, al2 = model.rgb(model.rgb.stem(x))
            ce2, bce2 = losses(lg2, al2, m, a)
            task = task + ce2 + bce2
        loss = args.lmbda * 255 ** 2 * mse + rate + args.w_task * task
        codec_step(loss, opt, codec_params, aux_opt, model.aux_loss)
        step += 1
        if step % 50 == 0 or args.smoke:
            log(f"joint step {step} bpp {float(rate):.4f} psnr {10 * np.log10(1 / max(float(mse), 1e-12)):.2f} "
                f"ce {float(ce):.3f} bce {float(bce):.3f}")
    stats = evaluate(model, *va, device)
    log(f"joint val: {stats}")
    info = dict(stage="joint", init=args.init, steps=step, batch=args.batch, lr=args.lr, lmbda=args.lmbda,
                w_task=args.w_task, wall_minutes=round((time.time() - t0) / 60, 2), device=device_name(device),
                val=stats)
    return _finish(args, model, out, info, log)
