"""Stage `heads`: analysis heads (an.* on frozen y_hat; rgb.* baselines on pixels) for face parsing
(CE7454 masks, 19 classes) and the 40 CelebA attributes. The codec is frozen, so the heads only
read what the bitstream carries."""
import os
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from . import ckpt
from .data import DataError, read_split, synthetic_images
from .model import LGC


def load_parse(data_dir, split, cache_dir, size=256):
    """-> images uint8 [n,size,size,3], masks uint8 [n,size,size], attrs float32 [n,40] (NaN = unknown)."""
    ids = read_split(data_dir, split)
    ce = os.path.join(data_dir, "ce7454")
    for sub in ("images", "masks"):
        ext = "jpg" if sub == "images" else "png"
        missing = [u for u in ids if not os.path.isfile(os.path.join(ce, sub, f"{u}.{ext}"))]
        if missing:
            raise DataError(f"split {split} names {len(missing)} files missing from {ce}/{sub} (first {missing[0]})")
    cache = os.path.join(cache_dir, f"ce7454_{split}_{len(ids)}_{size}.npz")
    if os.path.isfile(cache):
        d = np.load(cache)
        return d["images"], d["masks"], d["attrs"]
    mapping = {}
    with open(os.path.join(ce, "mapping.tsv")) as f:
        next(f)
        for line in f:
            cols = line.rstrip("\n").split("\t")
            mapping[cols[1]] = int(cols[2])
    attrs_by_idx = {}
    with open(os.path.join(data_dir, "attributes.tsv")) as f:
        next(f)
        for line in f:
            cols = line.split()
            attrs_by_idx[int(cols[0])] = np.array(cols[1:], np.float32)
    imgs = np.empty((len(ids), size, size, 3), np.uint8)
    masks = np.empty((len(ids), size, size), np.uint8)
    attrs = np.full((len(ids), 40), np.nan, np.float32)
    for k, u in enumerate(ids):
        with Image.open(os.path.join(ce, "images", f"{u}.jpg")) as im:
            imgs[k] = np.asarray(im.convert("RGB").resize((size, size), Image.BICUBIC))
        with Image.open(os.path.join(ce, "masks", f"{u}.png")) as im:
            masks[k] = np.asarray(im.resize((size, size), Image.NEAREST))
        if masks[k].max() > 18:
            raise DataError(f"{ce}/masks/{u}.png has class {int(masks[k].max())}; masks must hold 0-18")
        if mapping.get(u, -1) in attrs_by_idx:
            attrs[k] = attrs_by_idx[mapping[u]]
    os.makedirs(cache_dir, exist_ok=True)
    tmp = cache + f".tmp{os.getpid()}.npz"
    np.savez(tmp, images=imgs, masks=masks, attrs=attrs)
    os.replace(tmp, cache)
    return imgs, masks, attrs


def synthetic_parse(n, size, seed):
    imgs = synthetic_images(n, size, seed)
    masks = (imgs.mean(axis=3) // 14).astype(np.uint8) % 19  # a learnable function of the pixels
    attrs = (np.random.default_rng(seed).uniform(size=(n, 40)) < 0.5).astype(np.float32)
    return imgs, masks, attrs


def load_attr_faces(data_dir, split, limit, cache_dir):
    """Faces of a codec split with their 40 attributes: images uint8 [n,256,256,3], attrs float32 [n,40] (NaN =
    unknown). Every codec_train face has labels in attributes.tsv, many more than the 900 parsing images."""
    from .data import load_faces
    ids = read_split(data_dir, split)
    ids = ids[:limit] if limit else ids
    imgs = load_faces(data_dir, split, limit, cache_dir)
    attrs_by_idx = {}
    with open(os.path.join(data_dir, "attributes.tsv")) as f:
        next(f)
        for line in f:
            cols = line.split()
            attrs_by_idx[cols[0]] = np.array(cols[1:], np.float32)
    attrs = np.full((len(ids), 40), np.nan, np.float32)
    for k, i in enumerate(ids):
        if i in attrs_by_idx:
            attrs[k] = attrs_by_idx[i]
    if np.isnan(attrs).all():
        raise DataError(f"attributes.tsv labels none of the {len(ids)} faces of split {split}")
    return imgs, attrs


def synthetic_attr(n, size, seed):
    imgs = synthetic_images(n, size, seed)
    attrs = (imgs.reshape(n, -1, 3).mean(axis=1)[:, :1] > 127).astype(np.float32).repeat(40, axis=1)
    return imgs, attrs


@torch.no_grad()
def attr_balanced_accuracy(model, imgs, attrs, device, batch=16):
    """Mean over the 40 attributes of (TPR + TNR) / 2, for an.* and rgb.*: plain accuracy rewards predicting the
    majority label, which is what weak attribute heads do."""
    model.eval()
    out = {}
    for prefix in (["an"] if model.hp["C"] else []) + (["rgb"] if model.hp["rgb_heads"] else []):
        preds = []
        for i in range(0, len(imgs), batch):
            x = torch.from_numpy(imgs[i:i + batch].transpose(0, 3, 1, 2).astype(np.float32) / 255).to(device)
            feat = y_hat_of(model, x) if prefix == "an" else model.rgb.stem(x)
            preds.append(getattr(model, prefix)(feat)[2].cpu().numpy() > 0)
        p, a = np.concatenate(preds), attrs
        known = ~np.isnan(a)
        pos, neg = known & (a > 0.5), known & (a <= 0.5)
        tpr = np.where(pos.sum(0) > 0, (p & pos).sum(0) / np.maximum(pos.sum(0), 1), np.nan)
        tnr = np.where(neg.sum(0) > 0, (~p & neg).sum(0) / np.maximum(neg.sum(0), 1), np.nan)
        out[prefix] = dict(attr_acc=float(((p == (a > 0.5)) & known).sum() / max(known.sum(), 1)),
                           attr_balanced_acc=float(np.nanmean((tpr + tnr) / 2)))
    model.train()
    return out


@torch.no_grad()
def y_hat_of(model, x):
    """Decoder-side latents: exactly what the engine reconstructs from the bitstream (float h_s here)."""
    y = model.g_a(x)
    z_hat = torch.round(model.h_a(y))
    means, _ = model.h_s(z_hat).chunk(2, dim=1)
    return torch.round(y - means) + means


def parse_batch(tr, idx, flip, device):
    """Images, masks, attributes of `idx` as tensors; a mirrored batch swaps the l_/r_ labels too."""
    img, msk, att = tr[0][idx], tr[1][idx].astype(np.int64), tr[2][idx]
    if flip:
        img, msk = img[:, :, ::-1], msk[:, :, ::-1]
        lut = np.arange(19)
        lut[[4, 5, 6, 7, 8, 9]] = [5, 4, 7, 6, 9, 8]
        msk = lut[msk]
    x = torch.from_numpy(np.ascontiguousarray(img.transpose(0, 3, 1, 2)).astype(np.float32) / 255).to(device)
    m = torch.from_numpy(np.ascontiguousarray(msk)).to(device)
    a = torch.from_numpy(att).to(device)
    return x, m, a


def losses(logits, attr_logits, masks, attrs):
    ce = F.cross_entropy(logits, masks)
    known = ~torch.isnan(attrs)
    bce = F.binary_cross_entropy_with_logits(attr_logits[known], attrs[known]) if known.any() else logits.sum() * 0
    return ce, bce


@torch.no_grad()
def evaluate(model, imgs, masks, attrs, device, batch=8):
    model.eval()
    stats = {}
    for prefix in (["an"] if model.hp["C"] else []) + (["rgb"] if model.hp["rgb_heads"] else []):
        inter, union, correct, total, a_ok, a_n = np.zeros(19), np.zeros(19), 0, 0, 0, 0
        for i in range(0, len(imgs), batch):
            x = torch.from_numpy(imgs[i:i + batch].transpose(0, 3, 1, 2).astype(np.float32) / 255).to(device)
            feat = y_hat_of(model, x) if prefix == "an" else model.rgb.stem(x)
            _, logits, alog = getattr(model, prefix)(feat)
            pred = logits.argmax(1).cpu().numpy()
            gt = masks[i:i + batch]
            correct += int((pred == gt).sum())
            total += gt.size
            for c in range(19):
                inter[c] += ((pred == c) & (gt == c)).sum()
                union[c] += ((pred == c) | (gt == c)).sum()
            a = attrs[i:i + batch]
            known = ~np.isnan(a)
            a_ok += int(((alog.cpu().numpy() > 0) == (a > 0.5))[known].sum())
            a_n += int(known.sum())
        present = union > 0
        stats[prefix] = dict(pixel_acc=correct / total, miou=float((inter[present] / union[present]).mean()),
                             attr_acc=a_ok / max(a_n, 1))
    model.train()
    return stats


def train_heads(args):
    from train import check_out, log

    out = args.out or os.path.join("/work/ckpt", args.run + "_heads")
    check_out(out)
    device = torch.device(args.device)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    C = args.C or 32
    if args.smoke and not args.init:
        base = LGC(N=args.N, M=args.M, S=args.S, C=0).state_dict()
        hp = dict(N=args.N, M=args.M, S=args.S)
        tr, va = synthetic_parse(16, 64, 1), synthetic_parse(4, 64, 2)
        atr, ava = (synthetic_attr(16, 64, 3), synthetic_attr(8, 64, 4)) if args.attr_images else (None, None)
    else:
        if not args.init:
            raise SystemExit("error: --stage heads needs --init <codec checkpoint>")
        try:
            state = ckpt.load(args.init)
            atr = ava = None
            if args.smoke:
                tr, va = synthetic_parse(16, 64, 1), synthetic_parse(4, 64, 2)
                if args.attr_images:
                    atr, ava = synthetic_attr(16, 64, 3), synthetic_attr(8, 64, 4)
            else:
                tr = load_parse(args.data, "parse_train", args.cache)
                va = load_parse(args.data, "parse_val", args.cache)
                if args.attr_images:
                    atr = load_attr_faces(args.data, "codec_train", 0 if args.attr_images < 0 else args.attr_images,
                                          args.cache)
                    ava = load_attr_faces(args.data, "codec_val", args.attr_val_images, args.cache)
        except (ckpt.CheckpointError, DataError) as e:
            raise SystemExit(f"error: {e}")
        base, hp = state["model"], {k: state["hp"][k] for k in ("N", "M", "S")}
    model = LGC(**hp, C=C, rgb_heads=args.rgb_heads).to(device)
    own = model.state_dict()
    # Heads start fresh unless --keep-heads: then heads of the same shape in --init continue (a resumed heads run).
    def take(k):
        if k not in base:
            return False
        return not k.startswith(("an.", "rgb.")) or (args.keep_heads and base[k].shape == own[k].shape)
    kept = sum(1 for k in own if k.startswith(("an.", "rgb.")) and take(k))
    if args.keep_heads and not kept:
        raise SystemExit(f"error: --keep-heads: {args.init} has no heads of this shape (C={C}, rgb_heads={args.rgb_heads})")
    model.load_state_dict({k: base[k].to(own[k].dtype) if take(k) else own[k] for k in own})
    for n, p in model.named_parameters():
        p.requires_grad = n.startswith(("an.", "rgb."))
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=args.lr)
    log(f"heads: {len(tr[0])} train, {len(va[0])} val images, C={C}, rgb_heads={args.rgb_heads}, "
        f"attribute faces {0 if atr is None else len(atr[0])} train / {0 if ava is None else len(ava[0])} val, "
        f"heads kept from --init: {kept} tensors")
    budget = float("inf") if args.smoke else args.minutes * 60
    max_steps = args.max_steps or (3 if args.smoke else 0)
    t0, step = time.time(), 0
    while time.time() - t0 < budget and (not max_steps or step < max_steps):
        late = time.time() - t0 >= (1 - args.lr_drop_frac) * budget or (max_steps and step >= (1 - args.lr_drop_frac) * max_steps)
        for g in opt.param_groups:
            g["lr"] = args.lr / 5 if late else args.lr
        idx = rng.integers(0, len(tr[0]), args.batch)
        x, m, a = parse_batch(tr, idx, rng.uniform() < 0.5, device)
        loss = 0
        if model.hp["C"]:
            _, lg, al = model.an(y_hat_of(model, x))
            ce, bce = losses(lg, al, m, a)
            loss = loss + ce + bce
        if model.hp["rgb_heads"]:
            _, lg, al = model.rgb(model.rgb.stem(x))
            ce2, bce2 = losses(lg, al, m, a)
            loss = loss + ce2 + bce2
        if atr is not None:
            # A second batch of codec faces trains only the attribute outputs (they have no masks).
            j = rng.integers(0, len(atr[0]), args.batch)
            ax = torch.from_numpy(np.ascontiguousarray(atr[0][j].transpose(0, 3, 1, 2)).astype(np.float32) / 255).to(device)
            aa = torch.from_numpy(atr[1][j]).to(device)
            known = ~torch.isnan(aa)
            for prefix in (["an"] if model.hp["C"] else []) + (["rgb"] if model.hp["rgb_heads"] else []):
                feat = y_hat_of(model, ax) if prefix == "an" else model.rgb.stem(ax)
                al = getattr(model, prefix)(feat)[2]
                loss = loss + F.binary_cross_entropy_with_logits(al[known], aa[known])
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        if step % 50 == 0 or args.smoke:
            log(f"heads step {step} loss {float(loss):.4f}")
    stats = evaluate(model, *va, device)
    if ava is not None:
        for prefix, v in attr_balanced_accuracy(model, *ava, device).items():
            stats[prefix].update({f"codec_val_{k}": x for k, x in v.items()})
    log(f"heads val: {stats}")
    path = os.path.join(out, "last.pt")
    ckpt.save(path, model, dict(step=step, elapsed=time.time() - t0, heads_val=stats,
                                training=dict(stage="heads", init=args.init, steps=step, val=stats)))
    log(f"checkpoint {path}")
    if args.light:
        ckpt.save_light(args.light, model, dict(stage="heads", init=args.init, steps=step, batch=args.batch,
                                                 lr=args.lr, wall_minutes=round((time.time() - t0) / 60, 2), val=stats))
        log(f"light weights {args.light}")
    return path
