"""Tests of tools/: smoke training, export round trip against the contract, fixed-point h_s
exactness, refusals. Run: /usr/bin/python3 -m unittest discover -s tools/tests"""
import contextlib
import io
import json
import os
import struct
import sys
import tempfile
import unittest

import numpy as np
import torch

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TOOLS)
import export  # noqa: E402
import train  # noqa: E402
from lgc import ckpt, hs_fixed, reference, safetensors  # noqa: E402
from lgc.data import synthetic_images  # noqa: E402
from lgc.exporter import check_tables, export_tensors  # noqa: E402
from lgc.metrics import ms_ssim  # noqa: E402
from lgc.model import LGC  # noqa: E402

torch.set_num_threads(2)
torch.set_flush_denormal(True)
TINY = ["--N", "8", "--M", "16", "--S", "8", "--C", "8", "--rgb-heads"]


def contract_shapes(N, M, S, C, rgb):
    """Tensor name -> shape, written from docs/model-format.md independently of the exporter."""
    s = {}

    def conv(name, cin, cout, k):
        s[f"{name}.weight"], s[f"{name}.bias"] = (cout, cin, k, k), (cout,)

    def deconv(name, cin, cout, k):
        s[f"{name}.weight"], s[f"{name}.bias"] = (cin, cout, k, k), (cout,)

    def gdn(name, c):
        s[f"{name}.beta"], s[f"{name}.gamma"] = (c,), (c, c)

    def lin(name, cin, cout):
        s[f"{name}.weight"], s[f"{name}.bias"] = (cout, cin), (cout,)

    def heads(p, cin):
        conv(f"{p}.trunk.conv0", cin, C, 3), conv(f"{p}.trunk.conv1", C, C, 3)
        conv(f"{p}.parse.conv0", C, C, 3), conv(f"{p}.parse.conv1", C, C, 3), conv(f"{p}.parse.out", C, 19, 1)
        lin(f"{p}.attr.fc", C, 40)

    for i in range(4):
        conv(f"g_a.conv{i}", 3 if i == 0 else N, M if i == 3 else N, 5)
        if i < 3:
            gdn(f"g_a.gdn{i}", N)
    conv("h_a.conv0", M, N, 3), conv("h_a.conv1", N, N, 5), conv("h_a.conv2", N, N, 5)
    for name, shape in (("deconv0", (N, N, 5, 5)), ("deconv1", (N, N, 5, 5)), ("conv2", (2 * M, N, 3, 3))):
        s[f"h_s.{name}.weight_q"], s[f"h_s.{name}.bias_q"] = shape, (shape[0] if name == "conv2" else shape[1],)
    for i in range(4):
        deconv(f"g_s.deconv{i}", M if i == 0 else N, 3 if i == 3 else N, 5)
        if i < 3:
            gdn(f"g_s.igdn{i}", N)
            if S:
                lin(f"g_s.adain{i}", S, 2 * N)
    if S:
        for i in range(4):
            conv(f"t_a.conv{i}", 3 if i == 0 else N, N, 5)
        lin("t_a.fc", N, S)
    if C:
        heads("an", M)
    if rgb:
        for i in range(4):
            conv(f"rgb.stem.conv{i}", 3 if i == 0 else N, M if i == 3 else N, 5)
        heads("rgb", M)
    for p, t in (("z_prior", N), ("tex_prior", S), ("gc", None)):
        if t == 0:
            continue
        for k in ("cdf_length", "offset"):
            s[f"{p}.{k}"] = (t,) if t else None
    s["gc.scale_table_q"] = None
    return s


def quiet(fn, *a, **kw):
    with contextlib.redirect_stdout(io.StringIO()):
        return fn(*a, **kw)


class ToolsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.run_dir = os.path.join(cls.tmp.name, "run")
        cls.ckpt = quiet(train.main, ["--smoke", "--out", cls.run_dir] + TINY)
        cls.st = os.path.join(cls.tmp.name, "m.safetensors")
        quiet(export.export_checkpoint, cls.ckpt, cls.st)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_smoke_training_and_resume(self):
        state = ckpt.load(self.ckpt)
        self.assertEqual(state["arch"], "lgc-v1")
        steps = state["step"]
        quiet(train.main, ["--smoke", "--out", self.run_dir, "--max-steps", str(steps + 1)] + TINY)
        self.assertEqual(ckpt.load(self.ckpt)["step"], steps + 1)

    def test_export_names_shapes_dtypes(self):
        tensors, meta = safetensors.read(self.st)
        want = contract_shapes(8, 16, 8, 8, True)
        self.assertEqual(set(k for k in tensors if not k.endswith(".cdf")), set(want))
        for k, shape in want.items():
            if shape is not None:
                self.assertEqual(tuple(tensors[k].shape), shape, k)
        for k, v in tensors.items():
            is_int = k.endswith(("_q", ".cdf", ".cdf_length", ".offset"))
            self.assertEqual(v.dtype, np.int32 if is_int else np.float32, k)
        for k in ("N", "M", "S", "C", "rgb_heads", "hs_act_frac_bits", "hs_weight_frac_bits", "hs_clamp_bits",
                  "cdf_precision", "format", "format_version", "arch", "name", "training"):
            self.assertIsInstance(meta[k], str, k)
        self.assertEqual((meta["format"], meta["format_version"], meta["arch"]), ("lgc-safetensors", "1", "lgc-v1"))
        json.loads(meta["training"])
        self.assertEqual(len(tensors["gc.scale_table_q"]), tensors["gc.cdf"].shape[0])
        self.assertTrue((np.diff(tensors["gc.scale_table_q"]) > 0).all())
        self.assertEqual(int(tensors["gc.scale_table_q"][0]), round(0.11 * 256))

    def test_cdf_invariants(self):
        tensors, _ = safetensors.read(self.st)
        for p in ("z_prior", "tex_prior", "gc"):
            check_tables(tensors, p)
        for i, n in enumerate(tensors["gc.cdf_length"]):  # CompressAI layout: symmetric around 0
            self.assertEqual(tensors["gc.offset"][i], -((n - 3) // 2))

    def test_safetensors_layout(self):
        with open(self.st, "rb") as f:
            raw = f.read()
        (n,) = struct.unpack("<Q", raw[:8])
        self.assertEqual(n % 8, 0)
        header = json.loads(raw[8:8 + n])
        self.assertTrue(all(isinstance(v, str) for v in header["__metadata__"].values()))
        ends = sorted(v["data_offsets"] for k, v in header.items() if k != "__metadata__")
        self.assertEqual(ends[0][0], 0)
        self.assertTrue(all(a[1] == b[0] for a, b in zip(ends, ends[1:])))
        self.assertEqual(ends[-1][1], len(raw) - 8 - n)

    def test_fixed_point_hs_exact(self):
        torch.manual_seed(3)
        m = LGC(N=16, M=8, S=0)
        with torch.no_grad():
            for layer in (m.h_s.deconv0, m.h_s.deconv1, m.h_s.conv2):
                layer.weight.uniform_(-7.99, 7.99)  # worst case magnitudes
                layer.bias.normal_(0, 100)
        qw = hs_fixed.quantize(m)
        z = np.random.default_rng(0).integers(-3000, 3000, (1, 16, 3, 4))
        a, b = hs_fixed.run_float64(qw, z), hs_fixed.run_int64(qw, z)
        self.assertTrue(np.array_equal(a, b))
        self.assertEqual(np.abs(a).max(), 2 ** 22)  # the clamp is reached and identical
        huge = np.full((1, 16, 1, 1), 2 ** 20)  # input clamp keeps even absurd z_hat exact
        self.assertTrue(np.array_equal(hs_fixed.run_float64(qw, huge), hs_fixed.run_int64(qw, huge)))
        small = np.random.default_rng(1).integers(-4, 4, (1, 16, 2, 2))
        self.assertTrue(np.array_equal(hs_fixed.run_float64(qw, small), hs_fixed.run_int64(qw, small)))

    def test_reference_matches_model(self):
        state = ckpt.load(self.ckpt)
        model = ckpt.model_from(state).eval()
        ex = reference.load(self.st)
        x = torch.from_numpy(synthetic_images(1, 64, 9)[0].transpose(2, 0, 1)[None].astype(np.float32) / 255)
        r = ex.run(x)
        with torch.no_grad():
            out = model(x, quantize=True)
        self.assertLess(float((out["x_hat"].clamp(0, 1) - r["x_hat"]).abs().max()), 2e-3)
        self.assertTrue(torch.equal(r["y_hat"], torch.from_numpy(r["y_sym"]).float() + r["means"]))
        self.assertGreater(ex.estimated_bits(r), 0)

    def test_refuse_large_hs_weight(self):
        m = LGC(N=8, M=16, S=0)
        with torch.no_grad():
            m.h_s.deconv1.weight[0, 0, 0, 0] = 8.0
        with self.assertRaisesRegex(ValueError, ">= 8"):
            export_tensors(m)

    def test_refuse_missing_and_partial_data(self):
        out = os.path.join(self.tmp.name, "r1")
        with self.assertRaisesRegex(SystemExit, "split file missing"):
            quiet(train.main, ["--data", os.path.join(self.tmp.name, "nodata"), "--out", out] + TINY)
        data = os.path.join(self.tmp.name, "partial")
        os.makedirs(os.path.join(data, "splits"))
        os.makedirs(os.path.join(data, "faces256"))
        with open(os.path.join(data, "splits", "codec_train.txt"), "w") as f:
            f.write("1\n2\n")
        with self.assertRaisesRegex(SystemExit, "missing from"):
            quiet(train.main, ["--data", data, "--out", out] + TINY)

    def test_refuse_unwritable_output(self):
        blocker = os.path.join(self.tmp.name, "file")
        open(blocker, "w").close()
        with self.assertRaisesRegex(SystemExit, "not writable"):
            quiet(train.main, ["--smoke", "--out", os.path.join(blocker, "sub")] + TINY)

    def test_refuse_other_architecture(self):
        with self.assertRaisesRegex(SystemExit, "architecture"):
            quiet(train.main, ["--smoke", "--out", self.run_dir, "--N", "16", "--M", "16", "--S", "0"])

    def test_refuse_bad_checkpoint(self):
        bad = os.path.join(self.tmp.name, "bad.pt")
        with open(bad, "wb") as f:
            f.write(b"not a checkpoint")
        with self.assertRaises(SystemExit):
            quiet(export.main, [bad, os.path.join(self.tmp.name, "x.safetensors")])
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, "x.safetensors")))

    def test_ms_ssim(self):
        x = torch.from_numpy(synthetic_images(1, 192, 4)[0].transpose(2, 0, 1)[None].astype(np.float64))
        self.assertAlmostEqual(float(ms_ssim(x, x, 255.0)[0]), 1.0, places=9)
        noisy = (x + torch.randn_like(x) * 20).clamp(0, 255)
        self.assertLess(float(ms_ssim(x, noisy, 255.0)[0]), 0.99)

    def test_heads_smoke(self):
        out = os.path.join(self.tmp.name, "heads")
        path = quiet(train.main, ["--stage", "heads", "--smoke", "--out", out, "--N", "8", "--M", "16", "--S", "8",
                                  "--C", "8", "--rgb-heads"])
        state = ckpt.load(path)
        self.assertEqual(state["hp"]["C"], 8)
        self.assertIn("an", state["heads_val"])
        quiet(export.export_checkpoint, path, os.path.join(out, "h.safetensors"))

    def test_hyperprior_arch(self):
        m = LGC(N=8, M=16, S=0)
        tensors, meta = export_tensors(m)
        self.assertEqual(meta["arch"], "hyperprior-v1")
        self.assertFalse(any(k.startswith(("t_a.", "tex_prior.", "g_s.adain")) for k in tensors))


if __name__ == "__main__":
    unittest.main()
