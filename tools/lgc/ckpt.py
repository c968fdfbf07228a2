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


def save_light(path, model, training):
    """Weights only, floats as fp16 (the shipped files are fp16 anyway): small enough to move around."""
    sd = {k: v.detach().to("cpu", torch.float16) if v.is_floating_point() else v.detach().cpu()
          for k, v in model.state_dict().items()}
    tmp = f"{path}.tmp{os.getpid()}"
    torch.save({"arch": model.arch, "hp": model.hp, "model": sd, "training": training, "light": True}, tmp)
    os.replace(tmp, path)


def warm_start(model, path, map_location="cpu"):
    """Copy every tensor of checkpoint `path` whose name and shape match `model`; returns (loaded, skipped)
    name lists. Used to start a new rate point or a model without the texture layer from a trained codec.
    A `.safetensors` path (a shipped weight file) is read through tools/lgc/importer.py."""
    if path.endswith(".safetensors"):
        from . import importer
        try:
            own, loaded, skipped, meta = importer.state_from_file(path, model)
        except importer.WeightImportError as e:
            raise CheckpointError(str(e)) from e
        model.load_state_dict(own)
        fitted = importer.fit_priors(model, path)  # the priors exist only as CDF tables: fit them to those
        skipped = [k for k in skipped if not k.startswith(tuple(f"{n}." for n in fitted))]
        loaded += [k for k in own if k.startswith(tuple(f"{n}." for n in fitted))]
        return loaded, skipped, {"hp": importer.hp_from_metadata(meta), "metadata": meta}
    state = load(path, map_location=map_location)
    own = model.state_dict()
    loaded, skipped = [], []
    for k, v in state["model"].items():
        if k in own and own[k].shape == v.shape:
            own[k] = v.to(own[k].dtype)
            loaded.append(k)
        else:
            skipped.append(k)
    model.load_state_dict(own)
    return loaded, skipped, state
