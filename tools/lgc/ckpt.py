"""Checkpoint save/load with atomic writes and an architecture check."""
import os

import torch

from .model import LGC


class CheckpointError(Exception):
    pass


def save(path, model, extra):
    state = {"arch": model.arch, "hp": model.hp, "model": model.state_dict(), **extra}
    tmp = f"{path}.tmp{os.getpid()}"
    torch.save(state, tmp)
    os.replace(tmp, path)  # never leave a partial checkpoint behind


def load(path, expect_hp=None, map_location="cpu"):
    if not os.path.isfile(path):
        raise CheckpointError(f"checkpoint not found: {path}")
    try:
        try:  # torch >= 2.6 defaults to weights_only=True; our checkpoints are our own files
            state = torch.load(path, map_location=map_location, weights_only=False)
        except TypeError:  # torch < 1.13 has no weights_only
            state = torch.load(path, map_location=map_location)
    except Exception as e:  # truncated or not a torch file
        raise CheckpointError(f"cannot read checkpoint {path}: {e}") from e
    if not isinstance(state, dict) or "hp" not in state or "model" not in state:
        raise CheckpointError(f"{path} is not an lgc checkpoint")
    if expect_hp is not None:
        want = {k: expect_hp[k] for k in ("N", "M", "S", "C", "rgb_heads")}
        have = {k: state["hp"].get(k) for k in want}
        if want != have:
            raise CheckpointError(f"checkpoint {path} is architecture {state.get('arch')} {have}, "
                                  f"but this run asks for {want}; use another --out")
    return state


def model_from(state):
    m = LGC(**state["hp"])
    m.load_state_dict(state["model"])
    return m
