#!/usr/bin/env python3
"""Train lgc-v1. Stage `codec`: rate-distortion, loss = lambda * 255^2 * MSE + bpp on random crops.
Checkpoints live outside the repo (default /work/ckpt/<run>) and runs resume from them."""
import argparse
import math
import os
import sys
import time

# Spinning OpenMP barriers stall badly when other processes share the 2 cores: wait passively.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lgc import ckpt  # noqa: E402
from lgc.data import DataError, load_faces, random_crops, synthetic_images  # noqa: E402
from lgc.model import LGC, bpp  # noqa: E402
from lgc.optim import codec_step  # noqa: E402

DEFAULT_DATA = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data"))


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--stage", choices=["codec", "heads", "gan", "joint"], default="codec")
    p.add_argument("--N", type=int, default=64)
    p.add_argument("--M", type=int, default=128)
    p.add_argument("--S", type=int, default=64)
    p.add_argument("--C", type=int, default=0)
    p.add_argument("--rgb-heads", action="store_true")
    p.add_argument("--lambda", dest="lmbda", type=float, default=0.001)
    p.add_argument("--lr", type=float, default=5e-4, help="first lr; the last --lr-drop-frac of the budget uses lr/5")
    p.add_argument("--lr-drop-frac", type=float, default=0.2)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--crop", type=int, default=128)
    p.add_argument("--minutes", type=float, default=60.0, help="total training time budget, over all resumes")
    p.add_argument("--max-steps", type=int, default=0)
    p.add_argument("--train-images", type=int, default=6000, help="faces kept in RAM (0 = all)")
    p.add_argument("--val-images", type=int, default=64)
    p.add_argument("--val-every-min", type=float, default=10.0)
    p.add_argument("--ckpt-every-min", type=float, default=5.0)
    p.add_argument("--data", default=DEFAULT_DATA)
    p.add_argument("--cache", default="/work/cache")
    p.add_argument("--out", default=None, help="run folder (default /work/ckpt/<run>)")
    p.add_argument("--run", default="lgc")
    p.add_argument("--init", default=None, help="checkpoint to start from (codec: warm start, new optimizer; "
                   "heads/gan/joint: the codec to build on)")
    p.add_argument("--perceptual", default=None, help="ResNet-18 safetensors (tools/convert_resnet18.py) for the "
                   "perceptual term")
    p.add_argument("--w-perc", type=float, default=0.0, help="distortion = MSE + w_perc * perceptual")
    p.add_argument("--w-gan", type=float, default=0.0, help="stage gan: weight of the generator's hinge loss")
    p.add_argument("--w-task", type=float, default=0.1, help="stage joint: weight of the parsing + attribute loss")
    p.add_argument("--attr-images", type=int, default=0, help="stage heads: also train the attribute outputs on "
                   "this many codec_train faces (-1 = all 11,512; 0 = only the 900 parsing images)")
    p.add_argument("--attr-val-images", type=int, default=500, help="stage heads: codec_val faces for the attribute "
                   "accuracy and balanced accuracy reported at the end")
    p.add_argument("--keep-heads", action="store_true", help="stage heads: continue the heads of --init instead of "
                   "starting them fresh")
    p.add_argument("--light", default=None, help="also write the final weights (fp16, no optimizer) here")
    p.add_argument("--device", default="cpu")
    p.add_argument("--threads", type=int, default=2, help="CPU threads (1 leaves a core for other work)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--smoke", action="store_true", help="a few steps on synthetic images (tests)")
    return p.parse_args(argv)


def log(msg):
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def check_out(out):
    try:
        os.makedirs(out, exist_ok=True)
        probe = os.path.join(out, f".probe{os.getpid()}")
        with open(probe, "w") as f:
            f.write("ok")
        os.remove(probe)
    except OSError as e:
        raise SystemExit(f"error: output folder {out} is not writable: {e}")


def psnr(mse):
    return 10 * math.log10(1.0 / max(mse, 1e-12))


@torch.no_grad()
def validate(model, val, device, batch=8):
    """Quantized forward (rounded latents): bpp estimated from likelihoods, PSNR of clamped output."""
    model.eval()
    bits, mses = 0.0, []
    for i in range(0, len(val), batch):
        x = torch.from_numpy(val[i:i + batch].transpose(0, 3, 1, 2).astype(np.float32) / 255).to(device)
        out = model(x, quantize=True)
        bits += float(sum(-torch.log2(l).sum() for l in out["likelihoods"].values()))
        mses += ((out["x_hat"].clamp(0, 1) - x) ** 2).mean(dim=(1, 2, 3)).tolist()
    model.train()
    n_pix = len(val) * val.shape[1] * val.shape[2]
    return bits / n_pix, float(np.mean([psnr(m) for m in mses]))


def train_codec(args):
    out = args.out or os.path.join("/work/ckpt", args.run)
    check_out(out)
    path = os.path.join(out, "last.pt")
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    device = torch.device(args.device)

    train, val = load_codec_data(args)
    log(f"data: {len(train)} train, {len(val)} val images")

    hp = dict(N=args.N, M=args.M, S=args.S, C=args.C, rgb_heads=args.rgb_heads)
    model = LGC(**hp).to(device)
    main_params = [p for n, p in model.named_parameters() if not n.endswith("quantiles")]
    aux_params = [p for n, p in model.named_parameters() if n.endswith("quantiles")]
    opt = torch.optim.Adam(main_params, lr=args.lr)
    aux_opt = torch.optim.Adam(aux_params, lr=1e-3)
    step, elapsed = 0, 0.0
    if os.path.isfile(path):
        try:
            state = ckpt.load(path, expect_hp=hp, map_location=device)
        except ckpt.CheckpointError as e:
            raise SystemExit(f"error: {e}")
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        aux_opt.load_state_dict(state["aux_opt"])
        step, elapsed = state["step"], state["elapsed"]
        rng = np.random.default_rng(args.seed + step)
        log(f"resumed {path} at step {step}, {elapsed / 60:.1f} min done")
    elif args.init:
        try:
            loaded, skipped, _ = ckpt.warm_start(model, args.init, map_location=device)
        except ckpt.CheckpointError as e:
            raise SystemExit(f"error: {e}")
        log(f"warm start from {args.init}: {len(loaded)} tensors, skipped {len(skipped)} "
            f"({', '.join(sorted({k.split('.')[0] for k in skipped})) or 'none'})")
    perceptual = load_perceptual(args, device)

    budget = float("inf") if args.smoke else args.minutes * 60
    max_steps = 3 if args.smoke and not args.max_steps else args.max_steps
    training_info = dict(stage="codec", data="synthetic" if args.smoke else "faces256/codec_train",
                         train_images=len(train), crop=args.crop, batch=args.batch, lmbda=args.lmbda, lr=args.lr,
                         w_perc=args.w_perc if perceptual is not None else 0.0, init=args.init,
                         device=device_name(device))

    def save():
        info = dict(training_info, steps=step, wall_minutes=round(elapsed / 60, 2))
        ckpt.save(path, model, dict(opt=opt.state_dict(), aux_opt=aux_opt.state_dict(), step=step,
                                    elapsed=elapsed, training=info, args=vars(args)))

    t_start, t_log, n_log = time.time() - elapsed, time.time(), 0
    last_ckpt, last_val = elapsed, elapsed
    acc = np.zeros(3)
    model.train()
    while elapsed < budget and (not max_steps or step < max_steps):
        late = elapsed >= (1 - args.lr_drop_frac) * budget or (max_steps and step >= (1 - args.lr_drop_frac) * max_steps)
        lr = args.lr / 5 if late else args.lr
        for g in opt.param_groups:
            g["lr"] = lr
        x = torch.from_numpy(random_crops(train, args.batch, args.crop, rng)).to(device)
        res = model(x)
        mse = ((res["x_hat"] - x) ** 2).mean()
        rate = bpp(res["likelihoods"], x.shape[0] * x.shape[2] * x.shape[3])
        dist = mse + args.w_perc * perceptual(res["x_hat"], x) if perceptual is not None else mse
        loss = args.lmbda * 255 ** 2 * dist + rate
        aux = codec_step(loss, opt, main_params, aux_opt, model.aux_loss)
        step += 1
        n_log += 1
        acc += [loss.item(), rate.item(), mse.item()]
        elapsed = time.time() - t_start
        if step % 50 == 0 or args.smoke:
            now = time.time()
            l, r, m = acc / n_log
            log(f"step {step} loss {l:.4f} bpp {r:.4f} psnr {psnr(m):.2f} aux {aux.item():.1f} lr {lr:.0e} "
                f"{n_log * args.batch / (now - t_log):.1f} img/s")
            t_log, n_log, acc = now, 0, np.zeros(3)
        if elapsed - last_val >= args.val_every_min * 60:
            vb, vp = validate(model, val, device)
            log(f"val step {step}: bpp {vb:.4f} (estimated) psnr {vp:.2f} on {len(val)} images")
            last_val = elapsed
        if elapsed - last_ckpt >= args.ckpt_every_min * 60:
            save()
            last_ckpt = elapsed
    save()
    vb, vp = validate(model, val, device)
    log(f"final val step {step}: bpp {vb:.4f} (estimated) psnr {vp:.2f} on {len(val)} images")
    log(f"checkpoint {path}")
    if args.light:
        ckpt.save_light(args.light, model, dict(training_info, steps=step, wall_minutes=round(elapsed / 60, 2),
                                                 val_bpp_est=round(vb, 5), val_psnr=round(vp, 3)))
        log(f"light weights {args.light}")
    return path


def load_codec_data(args):
    """(train, val) faces as uint8 arrays; synthetic images under --smoke."""
    if args.smoke:
        return synthetic_images(16, 128, seed=1), synthetic_images(4, 64, seed=2)
    try:
        return (load_faces(args.data, "codec_train", args.train_images, args.cache),
                load_faces(args.data, "codec_val", args.val_images, args.cache))
    except DataError as e:
        raise SystemExit(f"error: {e}")


def device_name(device):
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return "cpu"


def load_perceptual(args, device):
    if not args.perceptual or args.w_perc <= 0:
        return None
    from lgc import safetensors
    from lgc.resnet18 import PerceptualLoss
    try:
        tensors, _ = safetensors.read(args.perceptual)
    except (OSError, ValueError) as e:
        raise SystemExit(f"error: cannot read perceptual network {args.perceptual}: {e}")
    if "stem.weight" not in tensors:
        raise SystemExit(f"error: {args.perceptual} is not a converted ResNet-18 (tools/convert_resnet18.py)")
    return PerceptualLoss(tensors).to(device)


def main(argv=None):
    args = parse_args(argv)
    torch.set_flush_denormal(True)  # before the thread pool exists, so workers inherit it
    torch.set_num_threads(args.threads)
    if args.device.startswith("cuda"):
        torch.backends.cudnn.benchmark = True
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    if args.stage == "codec":
        return train_codec(args)
    if args.stage in ("gan", "joint"):
        from lgc.finetune import train_gan, train_joint
        return (train_gan if args.stage == "gan" else train_joint)(args)
    from lgc.heads import train_heads
    return train_heads(args)


if __name__ == "__main__":
    main()
