"""ImageNet ResNet-18 from the ONNX file in NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 (MIT).

The ONNX graph is a CNTK export: BGR input in 0..255 minus a mean image, BatchNorm after every conv,
asymmetric padding (stride-2 convs and the max-pool pad top/left only). `convert` folds each BN into
its conv and names tensors like torchvision (stem, layer{1-4}.{0,1}.conv{1,2}, layer{2-4}.0.down);
`ResNet18` runs those tensors. Used for the perceptual loss (early stages) and the FD-R18 metric."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# Per-channel means of the package's 224x224 BGR mean image: any input size can be normalized.
MEAN_BGR = (103.06262, 115.902885, 123.15163)
STAGES = ("layer1", "layer2", "layer3", "layer4")
BLOCKS = (2, 2, 2, 3)  # this export has three residual blocks in its last stage (torchvision's has two)


def _onnx_parts(onnx_path):
    import onnx
    from onnx import numpy_helper

    g = onnx.load(onnx_path).graph
    inits = {i.name: numpy_helper.to_array(i).astype(np.float32) for i in g.initializer}
    nodes = [(n.op_type, list(n.input), list(n.output),
              {a.name: onnx.helper.get_attribute_value(a) for a in n.attribute}) for n in g.node]
    return g.input[0].name, nodes, inits


def convert(onnx_path):
    """-> dict name -> float32 array: every conv with its BN folded in (weight, bias)."""
    _, nodes, inits = _onnx_parts(onnx_path)
    bn_of = {n[1][0]: n for n in nodes if n[0] == "BatchNormalization"}
    convs = [n for n in nodes if n[0] == "Conv"]
    names = ["stem"]
    for li, stage in enumerate(STAGES):
        for b in range(BLOCKS[li]):
            if li > 0 and b == 0:  # ONNX order: the 1x1 downsample conv comes before conv1
                names += [f"{stage}.0.down", f"{stage}.0.conv1", f"{stage}.0.conv2"]
            else:
                names += [f"{stage}.{b}.conv1", f"{stage}.{b}.conv2"]
    if len(names) != len(convs):
        raise ValueError(f"{onnx_path}: {len(convs)} convs, expected {len(names)} (not the ResNet-18 export)")
    out = {}
    for name, (_, ins, outs, at) in zip(names, convs):
        w = inits[ins[1]]
        if name.endswith("down") != (w.shape[2] == 1):
            raise ValueError(f"{onnx_path}: conv {outs[0]} has kernel {w.shape}, expected {name}")
        _, bins, _, bat = bn_of[outs[0]]
        scale_, bias_, mean, var = (inits[i].reshape(-1) for i in bins[1:5])
        k = scale_ / np.sqrt(var + bat.get("epsilon", 1e-5))
        out[f"{name}.weight"] = (w * k[:, None, None, None]).astype(np.float32)
        out[f"{name}.bias"] = (bias_ - mean * k).astype(np.float32)
    out["mean_bgr"] = np.array(MEAN_BGR, np.float32)
    return out


def _pad_conv(x, w, b, stride):
    k = w.shape[-1]
    if stride == 1:
        return F.conv2d(x, w, b, padding=k // 2)
    lo = k // 2 if k > 1 else 0  # CNTK: pad top/left (k//2), bottom/right (k//2 - 1)
    hi = max(lo - 1, 0)
    return F.conv2d(F.pad(x, (lo, hi, lo, hi)), w, b, stride=stride)


class ResNet18(nn.Module):
    """forward(x) with x RGB in [0, 1] -> dict of stage outputs (after ReLU) and `pooled` [n, 512]."""

    def __init__(self, tensors):
        super().__init__()
        for k, v in tensors.items():
            self.register_buffer(k.replace(".", "_"), torch.as_tensor(np.asarray(v, np.float32)))

    def _t(self, name):
        return getattr(self, name.replace(".", "_"))

    def _conv(self, x, name, stride):
        return _pad_conv(x, self._t(name + ".weight"), self._t(name + ".bias"), stride)

    def forward(self, x, upto="pooled"):
        x = x.flip(1) * 255 - self.mean_bgr.view(1, 3, 1, 1)
        h = F.relu(self._conv(x, "stem", 2))
        h = F.max_pool2d(F.pad(h, (1, 0, 1, 0), value=float("-inf")), 3, 2)
        feats = {}
        for li, stage in enumerate(STAGES):
            for b in range(BLOCKS[li]):
                stride = 2 if li > 0 and b == 0 else 1
                p = f"{stage}.{b}"
                skip = self._conv(h, p + ".down", 2) if stride == 2 else h
                t = F.relu(self._conv(h, p + ".conv1", stride))
                h = F.relu(self._conv(t, p + ".conv2", 1) + skip)
            feats[stage] = h
            if upto == stage:
                return feats
        feats["pooled"] = h.mean(dim=(2, 3))
        return feats


def onnx_reference(onnx_path, x_rgb01):
    """Runs the ONNX graph node by node with unfolded BN (test oracle for `convert`)."""
    inp, nodes, inits = _onnx_parts(onnx_path)
    env = {inp: x_rgb01.flip(1) * 255 - torch.tensor(MEAN_BGR).view(1, 3, 1, 1)}
    env.update({k: torch.from_numpy(v) for k, v in inits.items()})
    for op, ins, outs, at in nodes:
        a = env[ins[0]]
        if op == "Conv":
            t, l, bt, r = at["pads"]
            env[outs[0]] = F.conv2d(F.pad(a, (l, r, t, bt)), env[ins[1]], stride=tuple(at["strides"]))
        elif op == "BatchNormalization":
            s, b, m, v = (env[i].reshape(-1) for i in ins[1:5])
            env[outs[0]] = F.batch_norm(a, m, v, s, b, False, 0.0, at.get("epsilon", 1e-5))
        elif op == "Relu":
            env[outs[0]] = F.relu(a)
        elif op == "MaxPool":
            t, l, bt, r = at["pads"]
            env[outs[0]] = F.max_pool2d(F.pad(a, (l, r, t, bt), value=float("-inf")), at["kernel_shape"], at["strides"])
        elif op == "Add":
            env[outs[0]] = a + env[ins[1]]
        elif op == "AveragePool":
            env[outs[0]] = a.mean(dim=(2, 3))  # global at 224x224 (7x7 kernel on 7x7)
        else:
            raise ValueError(f"unexpected ONNX op {op}")
    return env[nodes[-1][2][0]]


class PerceptualLoss(nn.Module):
    """Mean squared distance of channel-normalized ResNet-18 features (layer1, layer2), LPIPS-like."""

    def __init__(self, tensors, stages=("layer1", "layer2")):
        super().__init__()
        keep = {k: v for k, v in tensors.items()
                if k in ("mean_bgr",) or k.startswith("stem") or k.split(".")[0] in stages}
        self.net = ResNet18(keep)
        self.stages = stages
        for p in self.net.buffers():
            p.requires_grad_(False)

    def forward(self, x_hat, x):
        fa = self.net(x_hat, upto=self.stages[-1])
        with torch.no_grad():
            fb = self.net(x, upto=self.stages[-1])
        loss = 0
        for s in self.stages:
            a = fa[s] / (fa[s].pow(2).sum(1, keepdim=True).sqrt() + 1e-6)
            b = fb[s] / (fb[s].pow(2).sum(1, keepdim=True).sqrt() + 1e-6)
            loss = loss + (a - b).pow(2).sum(1).mean()
        return loss
