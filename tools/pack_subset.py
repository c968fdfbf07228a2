#!/usr/bin/env python3
"""Copy a subset of the shared data folder, in the same layout, small enough to travel to a GPU machine
(the device tool carries at most 64 MiB). Faces are copied byte for byte; the parsing images are
resized to 256x256 once (JPEG, --quality) and their masks with nearest-neighbour, as training reads them.
Never put the result inside the repository's tracked files (non-commercial licence)."""
import argparse
import os
import shutil
import sys

from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lgc.data import read_split  # noqa: E402


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("data")
    p.add_argument("out")
    p.add_argument("--train-faces", type=int, default=2500)
    p.add_argument("--val-faces", type=int, default=64)
    p.add_argument("--quality", type=int, default=85, help="JPEG quality of the resized parsing images")
    args = p.parse_args(argv)
    os.makedirs(os.path.join(args.out, "splits"), exist_ok=True)
    os.makedirs(os.path.join(args.out, "faces256"), exist_ok=True)
    for split, n in (("codec_train", args.train_faces), ("codec_val", args.val_faces)):
        ids = read_split(args.data, split)[:n]
        for i in ids:
            shutil.copyfile(os.path.join(args.data, "faces256", f"{i}.jpg"), os.path.join(args.out, "faces256", f"{i}.jpg"))
        with open(os.path.join(args.out, "splits", f"{split}.txt"), "w") as f:
            f.write("\n".join(ids) + "\n")
    ce_in, ce_out = os.path.join(args.data, "ce7454"), os.path.join(args.out, "ce7454")
    for sub in ("images", "masks"):
        os.makedirs(os.path.join(ce_out, sub), exist_ok=True)
    for split in ("parse_train", "parse_val"):
        ids = read_split(args.data, split)
        for u in ids:
            with Image.open(os.path.join(ce_in, "images", f"{u}.jpg")) as im:
                im.convert("RGB").resize((256, 256), Image.BICUBIC).save(os.path.join(ce_out, "images", f"{u}.jpg"), quality=args.quality)
            with Image.open(os.path.join(ce_in, "masks", f"{u}.png")) as im:
                im.resize((256, 256), Image.NEAREST).save(os.path.join(ce_out, "masks", f"{u}.png"), optimize=True)
        shutil.copyfile(os.path.join(args.data, "splits", f"{split}.txt"), os.path.join(args.out, "splits", f"{split}.txt"))
    shutil.copyfile(os.path.join(ce_in, "mapping.tsv"), os.path.join(ce_out, "mapping.tsv"))
    shutil.copyfile(os.path.join(args.data, "attributes.tsv"), os.path.join(args.out, "attributes.tsv"))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
