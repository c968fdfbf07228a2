"""Tests of the later training stages and the ResNet-18 conversion: warm starts, light checkpoints,
gan/joint smoke runs, the perceptual term, mask refusal, and convert() against a node-by-node run of a
tiny ONNX graph shaped like the NuGet ResNet-18 export. Run: /usr/bin/python3 -m unittest discover -s tools/tests"""
import os
import sys
import tempfile
import unittest

import numpy as np
import torch
from PIL import Image

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TOOLS)
import combine_heads  # noqa: E402
import export  # noqa: E402
import train  # noqa: E402
from lgc import ckpt, exporter, importer, safetensors  # noqa: E402
from lgc.data import DataError  # noqa: E402
from lgc.heads import load_parse  # noqa: E402
from lgc.model import LGC  # noqa: E402
from lgc.resnet18 import BLOCKS, PerceptualLoss, ResNet18, convert, onnx_reference  # noqa: E402
from test_tools import TINY, quiet  # noqa: E402

torch.set_num_threads(2)


def tiny_resnet_onnx(path, widths=(4, 4, 6, 8, 8), seed=0, drop_last_conv=False):
    """An ONNX graph in the CNTK export's shape: conv+BN(+ReLU), asymmetric pads, down conv before conv1."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(seed)
    nodes, inits, count = [], [], [0]

    def name(p):
        count[0] += 1
        return f"{p}{count[0]}"

    def conv_bn(x, cin, cout, k, stride, pads, relu):
        w, c, b = name("W"), name("Conv"), name("BN")
        inits.append(numpy_helper.from_array(rng.normal(0, 0.3, (cout, cin, k, k)).astype(np.float32), w))
        params = [name("p") for _ in range(4)]
        for pn, v in zip(params, (rng.uniform(0.5, 1.5, cout), rng.normal(0, 0.1, cout), rng.normal(0, 0.1, cout),
                                  rng.uniform(0.5, 2, cout))):
            inits.append(numpy_helper.from_array(v.astype(np.float32), pn))
        nodes.append(helper.make_node("Conv", [x, w], [c], kernel_shape=[k, k], strides=[stride, stride], pads=pads))
        nodes.append(helper.make_node("BatchNormalization", [c] + params, [b], epsilon=1e-5))
        if not relu:
            return b
        r = name("Relu")
        nodes.append(helper.make_node("Relu", [b], [r]))
        return r

    h = conv_bn("in", 3, widths[0], 7, 2, [3, 3, 2, 2], True)
    mp = name("Pool")
    nodes.append(helper.make_node("MaxPool", [h], [mp], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 0, 0]))
    h, cin = mp, widths[0]
    for li, nb in enumerate(BLOCKS):
        cout = widths[li + 1]
        for b in range(nb):
            down = li > 0 and b == 0
            skip = conv_bn(h, cin, cout, 1, 2, [0, 0, 0, 0], False) if down else h
            t = conv_bn(h, cin, cout, 3, 2 if down else 1, [1, 1, 0, 0] if down else [1, 1, 1, 1], True)
            last = drop_last_conv and li == len(BLOCKS) - 1 and b == nb - 1
            o = t if last else conv_bn(t, cout, cout, 3, 1, [1, 1, 1, 1], False)
            a, r = name("Add"), name("Relu")
            nodes.append(helper.make_node("Add", [o, skip], [a]))
            nodes.append(helper.make_node("Relu", [a], [r]))
            h, cin = r, cout
    nodes.append(helper.make_node("AveragePool", [h], ["out"], kernel_shape=[2, 2], strides=[1, 1]))
    graph = helper.make_graph(nodes, "tiny", [helper.make_tensor_value_info("in", TensorProto.FLOAT, [1, 3, 64, 64])],
                              [helper.make_tensor_value_info("out", TensorProto.FLOAT, None)], inits)
    onnx.save(helper.make_model(graph), path)


class StagesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.codec = os.path.join(cls.tmp.name, "codec.pt")
        quiet(train.main, ["--smoke", "--out", os.path.join(cls.tmp.name, "run"), "--light", cls.codec,
                           "--N", "8", "--M", "16", "--S", "8"])
        cls.onnx = os.path.join(cls.tmp.name, "tiny.onnx")
        tiny_resnet_onnx(cls.onnx)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_light_checkpoint_is_fp16_and_exports(self):
        state = ckpt.load(self.codec)
        self.assertTrue(state["light"])
        self.assertNotIn("opt", state)
        self.assertEqual(state["model"]["g_a.conv0.weight"].dtype, torch.float16)
        out = os.path.join(self.tmp.name, "light.safetensors")
        quiet(export.export_checkpoint, self.codec, out)
        self.assertIn("g_s.deconv3.weight", safetensors.read(out)[0])

    def test_warm_start_skips_texture_for_hyperprior(self):
        m = LGC(N=8, M=16, S=0)
        loaded, skipped, _ = ckpt.warm_start(m, self.codec)
        self.assertIn("g_a.conv0.weight", loaded)
        self.assertTrue(skipped and all(k.startswith(("t_a.", "tex_prior.", "g_s.adain")) for k in skipped))
        src = ckpt.load(self.codec)["model"]["g_a.conv0.weight"].float()
        self.assertTrue(torch.equal(m.state_dict()["g_a.conv0.weight"], src))

    def test_import_shipped_file_round_trips(self):
        """A model warm-started from an exported file re-exports the same tensors (h_s integers exact)."""
        out = os.path.join(self.tmp.name, "ship.safetensors")
        quiet(export.export_checkpoint, self.codec, out)
        m = LGC(N=8, M=16, S=8)
        loaded, skipped, info = ckpt.warm_start(m, out)
        self.assertEqual(info["hp"]["N"], 8)
        self.assertTrue(all(k.startswith(("z_prior.", "tex_prior.", "scale_table")) for k in skipped), skipped)
        again, _ = exporter.export_tensors(m)
        first, _ = safetensors.read(out)
        for k, v in first.items():
            if k.startswith(("z_prior.", "tex_prior.", "gc.")):
                continue
            np.testing.assert_allclose(again[k].astype(np.float64), v.astype(np.float64), rtol=1e-6, atol=1e-7,
                                       err_msg=k)
        self.assertTrue(np.array_equal(again["h_s.conv2.weight_q"], first["h_s.conv2.weight_q"]))
        # the priors come back fitted to the file's tables: cross-entropy close to the tables' own entropy
        fitted = importer.fit_priors(LGC(N=8, M=16, S=8), out)
        for name, ce in fitted.items():
            cdf, n = first[f"{name}.cdf"].astype(np.float64), first[f"{name}.cdf_length"]
            h = np.mean([-(p[p > 0] * np.log2(p[p > 0])).sum()
                         for p in (np.diff(cdf[c, :n[c]])[:n[c] - 2] / 65536 for c in range(cdf.shape[0]))])
            self.assertLess(ce - h, 0.05, name)

    def test_import_refuses_other_file(self):
        bad = os.path.join(self.tmp.name, "other.safetensors")
        safetensors.write(bad, {"x": np.zeros(2, np.float32)}, {"format": "something"})
        with self.assertRaises(ckpt.CheckpointError):
            ckpt.warm_start(LGC(N=8, M=16, S=8), bad)

    def test_codec_warm_start_run(self):
        out = os.path.join(self.tmp.name, "hp")
        path = quiet(train.main, ["--smoke", "--out", out, "--init", self.codec, "--N", "8", "--M", "16", "--S", "0"])
        self.assertEqual(ckpt.load(path)["training"]["init"], self.codec)

    def test_gan_freezes_base_layer(self):
        out = os.path.join(self.tmp.name, "gan")
        light = os.path.join(self.tmp.name, "gan.pt")
        quiet(train.main, ["--smoke", "--stage", "gan", "--init", self.codec, "--out", out, "--light", light,
                           "--w-gan", "0.1", "--crop", "64", "--N", "8", "--M", "16", "--S", "8"])
        before, after = ckpt.load(self.codec)["model"], ckpt.load(light)["model"]
        for k in before:
            same = torch.equal(before[k], after[k])
            if k.startswith(("g_a.", "h_a.", "h_s.", "z_prior.")):
                self.assertTrue(same, k)  # the base layer's bits must not change
        self.assertFalse(all(torch.equal(before[k], after[k]) for k in before if k.startswith("g_s.")))

    def test_joint_trains_codec_and_heads(self):
        out = os.path.join(self.tmp.name, "joint")
        path = quiet(train.main, ["--smoke", "--stage", "joint", "--init", self.codec, "--out", out, "--C", "8",
                                  "--rgb-heads", "--N", "8", "--M", "16", "--S", "8"])
        state = ckpt.load(path)
        self.assertEqual(state["hp"]["C"], 8)
        self.assertIn("an", state["training"]["val"])
        self.assertFalse(torch.equal(state["model"]["g_a.conv0.weight"].half(),
                                     ckpt.load(self.codec)["model"]["g_a.conv0.weight"]))

    def test_heads_learn_attributes_from_codec_faces(self):
        path = quiet(train.main, ["--smoke", "--stage", "heads", "--init", self.codec, "--out", os.path.join(self.tmp.name, "ha"),
                                  "--C", "8", "--rgb-heads", "--attr-images", "16", "--N", "8", "--M", "16", "--S", "8"])
        val = ckpt.load(path)["training"]["val"]
        for prefix in ("an", "rgb"):
            self.assertTrue(0 <= val[prefix]["codec_val_attr_balanced_acc"] <= 1, val)

    def test_keep_heads_continues_the_heads_of_init(self):
        first = os.path.join(self.tmp.name, "h1.pt")
        quiet(train.main, ["--smoke", "--stage", "heads", "--init", self.codec, "--out", os.path.join(self.tmp.name, "h1"),
                           "--light", first, "--C", "8", "--N", "8", "--M", "16", "--S", "8"])
        def heads_after(extra, name):
            light = os.path.join(self.tmp.name, name + ".pt")
            quiet(train.main, ["--smoke", "--stage", "heads", "--init", first, "--out", os.path.join(self.tmp.name, name),
                               "--light", light, "--lr", "0", "--seed", "7", "--C", "8", "--N", "8", "--M", "16", "--S", "8"] + extra)
            return ckpt.load(light)["model"]["an.attr.fc.weight"]
        before = ckpt.load(first)["model"]["an.attr.fc.weight"]
        self.assertTrue(torch.equal(heads_after(["--keep-heads"], "kept"), before))  # lr 0: nothing moves
        self.assertFalse(torch.equal(heads_after([], "fresh"), before))            # a fresh start draws new weights
        with self.assertRaises(SystemExit):
            quiet(train.main, ["--smoke", "--stage", "heads", "--init", self.codec, "--out", os.path.join(self.tmp.name, "h3"),
                               "--keep-heads", "--C", "8", "--N", "8", "--M", "16", "--S", "8"])

    def test_combine_heads_checks_base_layer(self):
        gan = os.path.join(self.tmp.name, "gan_c.pt")
        quiet(train.main, ["--smoke", "--stage", "gan", "--init", self.codec, "--out", os.path.join(self.tmp.name, "gc"),
                           "--light", gan, "--crop", "64", "--N", "8", "--M", "16", "--S", "8"])
        heads = os.path.join(self.tmp.name, "heads_c.pt")
        quiet(train.main, ["--smoke", "--stage", "heads", "--init", self.codec, "--out", os.path.join(self.tmp.name, "hc"),
                           "--light", heads, "--C", "8", "--N", "8", "--M", "16", "--S", "8"])
        model, _ = combine_heads.combine(gan, heads)
        sd = model.state_dict()
        self.assertTrue(torch.equal(sd["an.attr.fc.weight"].half(), ckpt.load(heads)["model"]["an.attr.fc.weight"]))
        self.assertTrue(torch.equal(sd["g_s.deconv0.weight"].half(), ckpt.load(gan)["model"]["g_s.deconv0.weight"]))
        other = os.path.join(self.tmp.name, "other.pt")
        quiet(train.main, ["--smoke", "--out", os.path.join(self.tmp.name, "oc"), "--light", other, "--seed", "5",
                           "--N", "8", "--M", "16", "--S", "8"])
        with self.assertRaisesRegex(ValueError, "base layer"):
            combine_heads.combine(other, heads)

    def test_gan_needs_texture_layer(self):
        hp = os.path.join(self.tmp.name, "hp0.pt")
        quiet(train.main, ["--smoke", "--out", os.path.join(self.tmp.name, "hp0"), "--light", hp,
                           "--N", "8", "--M", "16", "--S", "0"])
        with self.assertRaisesRegex(SystemExit, "texture"):
            quiet(train.main, ["--smoke", "--stage", "gan", "--init", hp, "--out", os.path.join(self.tmp.name, "g0"),
                               "--N", "8", "--M", "16", "--S", "0"])

    def test_convert_matches_onnx_graph(self):
        tensors = convert(self.onnx)
        self.assertIn("layer4.2.conv2.weight", tensors)
        self.assertIn("layer2.0.down.weight", tensors)
        x = torch.rand(2, 3, 64, 64, generator=torch.Generator().manual_seed(1))
        with torch.no_grad():
            want = onnx_reference(self.onnx, x).reshape(2, -1)
            got = ResNet18(tensors)(x)["pooled"]
        self.assertLess(float((got - want).abs().max() / want.abs().max()), 1e-5)

    def test_convert_refuses_other_graph(self):
        bad = os.path.join(self.tmp.name, "bad.onnx")
        tiny_resnet_onnx(bad, drop_last_conv=True)
        with self.assertRaisesRegex(ValueError, "convs"):
            convert(bad)

    def test_perceptual_loss(self):
        loss = PerceptualLoss(convert(self.onnx))
        x = torch.rand(1, 3, 64, 64)
        self.assertAlmostEqual(float(loss(x, x)), 0.0, places=6)
        y = (x + 0.2 * torch.randn_like(x)).clamp(0, 1).requires_grad_(True)
        v = loss(y, x)
        v.backward()
        self.assertGreater(float(v), 0)
        self.assertGreater(float(y.grad.abs().sum()), 0)

    def test_refuse_mask_out_of_range(self):
        data = os.path.join(self.tmp.name, "ce")
        for sub in ("splits", "ce7454/images", "ce7454/masks"):
            os.makedirs(os.path.join(data, sub), exist_ok=True)
        with open(os.path.join(data, "splits", "parse_val.txt"), "w") as f:
            f.write("a\n")
        Image.fromarray(np.zeros((32, 32, 3), np.uint8)).save(os.path.join(data, "ce7454/images/a.jpg"))
        Image.fromarray(np.full((32, 32), 25, np.uint8)).save(os.path.join(data, "ce7454/masks/a.png"))
        with open(os.path.join(data, "ce7454/mapping.tsv"), "w") as f:
            f.write("idx\tid\torig\na\ta\t0\n")
        with open(os.path.join(data, "attributes.tsv"), "w") as f:
            f.write("idx " + " ".join(f"a{i}" for i in range(40)) + "\n")
        with self.assertRaisesRegex(DataError, "0-18"):
            load_parse(data, "parse_val", os.path.join(self.tmp.name, "cache"))


if __name__ == "__main__":
    unittest.main()
