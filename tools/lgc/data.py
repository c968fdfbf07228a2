"""Face data: split checks and a uint8 RAM cache (decoding JPEGs on 2 cores would starve training)."""
import os

import numpy as np
from PIL import Image


class DataError(Exception):
    pass


def read_split(data_dir, split):
    path = os.path.join(data_dir, "splits", f"{split}.txt")
    if not os.path.isfile(path):
        raise DataError(f"split file missing: {path} (is --data the shared data folder?)")
    with open(path) as f:
        ids = [line.strip() for line in f if line.strip()]
    if not ids:
        raise DataError(f"split file is empty: {path}")
    return ids


def check_faces(data_dir, ids, split):
    faces = os.path.join(data_dir, "faces256")
    if not os.path.isdir(faces):
        raise DataError(f"data folder has no faces256/: {faces}")
    missing = [i for i in ids if not os.path.isfile(os.path.join(faces, f"{i}.jpg"))]
    if missing:
        raise DataError(f"split {split} names {len(missing)} images missing from {faces} "
                        f"(first: {missing[0]}.jpg); the data folder is partial")


def load_faces(data_dir, split, limit, cache_dir):
    """First `limit` faces of a split as uint8 [n, 256, 256, 3], cached as .npy outside the repo."""
    ids = read_split(data_dir, split)
    check_faces(data_dir, ids, split)
    ids = ids[:limit] if limit else ids
    cache = os.path.join(cache_dir, f"faces256_{split}_{len(ids)}.npy")
    if os.path.isfile(cache):
        arr = np.load(cache, mmap_mode="r")
        if arr.shape[0] == len(ids):
            return np.ascontiguousarray(arr)
    arr = np.empty((len(ids), 256, 256, 3), np.uint8)
    for k, i in enumerate(ids):
        with Image.open(os.path.join(data_dir, "faces256", f"{i}.jpg")) as im:
            a = np.asarray(im.convert("RGB"))
        if a.shape != (256, 256, 3):
            raise DataError(f"faces256/{i}.jpg is {a.shape}, expected 256x256 RGB")
        arr[k] = a
    os.makedirs(cache_dir, exist_ok=True)
    tmp = cache + f".tmp{os.getpid()}.npy"
    np.save(tmp, arr)
    os.replace(tmp, cache)
    return arr


def synthetic_images(n, size, seed=0):
    """Smooth gradients plus a few rectangles and discs: cheap, licence-free test images."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / size
    out = np.empty((n, size, size, 3), np.uint8)
    for k in range(n):
        img = np.stack([rng.uniform(0.2, 0.8) + rng.uniform(-0.3, 0.3) * xx + rng.uniform(-0.3, 0.3) * yy
                        for _ in range(3)], -1)
        for _ in range(4):
            c = rng.uniform(0, 1, 3)
            x0, y0 = rng.uniform(0, 1, 2)
            r = rng.uniform(0.05, 0.25)
            if rng.uniform() < 0.5:
                m = (abs(xx - x0) < r) & (abs(yy - y0) < r)
            else:
                m = (xx - x0) ** 2 + (yy - y0) ** 2 < r * r
            img[m] = c
        out[k] = np.clip(img * 255 + 0.5, 0, 255).astype(np.uint8)
    return out


def random_crops(arr, batch, size, rng):
    """Random crops with random horizontal flips -> float32 NCHW in [0, 1]."""
    idx = rng.integers(0, arr.shape[0], batch)
    h, w = arr.shape[1:3]
    out = np.empty((batch, size, size, 3), np.uint8)
    for k, i in enumerate(idx):
        y0, x0 = rng.integers(0, h - size + 1), rng.integers(0, w - size + 1)
        crop = arr[i, y0:y0 + size, x0:x0 + size]
        out[k] = crop[:, ::-1] if rng.uniform() < 0.5 else crop
    return out.transpose(0, 3, 1, 2).astype(np.float32) / 255.0
