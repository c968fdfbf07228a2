"""tools/export_onnx.py on the tiny fixture: every graph passes onnx.checker, has the names and channel counts
the engine and bench expect, its own dynamic axes, and the committed tests/fixtures/onnx-tiny export is current.
(No onnxruntime for Python here: numerical parity with the engine is tests/Lgc.Ort.Tests, on ORT in C#.)
Run: /usr/bin/python3 -m unittest discover -s tools/tests"""
import json
import os
import sys
import tempfile
import unittest

import onnx
from onnx import numpy_helper

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(TOOLS)
sys.path.insert(0, TOOLS)
import export_onnx  # noqa: E402
from test_tools import quiet  # noqa: E402

TINY = os.path.join(REPO, "tests", "fixtures", "tiny.safetensors")
FIXTURE = os.path.join(REPO, "tests", "fixtures", "onnx-tiny")


def dims(v):
    return [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]


class ExportOnnxTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.written, cls.hp = quiet(export_onnx.export, TINY, cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def load(self, name):
        return onnx.load(self.written[name])

    def test_checker_passes_every_graph(self):
        self.assertEqual(sorted(self.written), ["g_a", "g_s", "h_a", "h_s", "t_a"])
        for name in self.written:
            with self.subTest(net=name):
                onnx.checker.check_model(self.load(name), full_check=True)

    def test_names_and_channels(self):
        N, M, S = self.hp["N"], self.hp["M"], self.hp["S"]
        want = {"g_a": ([("x", 3)], [("y", M)]),
                "h_a": ([("y", M)], [("z", N)]),
                "h_s": ([("z_hat", N)], [("means", None), ("scales", None)]),
                "t_a": ([("x", 3)], [("s", S)]),
                "g_s": ([("y_hat", M), ("s_hat", S)], [("x_hat", 3)])}
        for name, (ins, outs) in want.items():
            g = self.load(name).graph
            with self.subTest(net=name):
                got_in = [(v.name, dims(v)) for v in g.input]
                got_out = [(v.name, dims(v)) for v in g.output]
                self.assertEqual([n for n, _ in got_in], [n for n, _ in ins])
                self.assertEqual([n for n, _ in got_out], [n for n, _ in outs])
                for (n, c), (_, d) in zip(ins + outs, got_in + got_out):
                    self.assertEqual(d[0], "batch")
                    if n in ("s", "s_hat"):
                        self.assertEqual(d, ["batch", c])
                    else:
                        self.assertEqual(len(d), 4)
                        if c is not None:
                            self.assertEqual(d[1], c)
                        # its own spatial symbols: sharing x's would claim y is as large as x
                        self.assertEqual(d[2:], [f"{n}_height", f"{n}_width"])

    def test_export_json(self):
        with open(os.path.join(self.tmp.name, "export.json")) as f:
            meta = json.load(f)
        self.assertEqual(meta["weights"], "tiny.safetensors")
        self.assertEqual(meta["opset"], 17)
        self.assertEqual(meta["hp"], self.hp)
        self.assertEqual(meta["networks"], sorted(self.written))
        for name in self.written:
            self.assertEqual(self.load(name).opset_import[0].version, 17)

    def test_committed_fixture_is_current(self):
        """tests/Lgc.Ort.Tests runs the committed export: same graph ops and weights as a fresh one."""
        for name in self.written:
            with self.subTest(net=name):
                a, b = self.load(name).graph, onnx.load(os.path.join(FIXTURE, f"{name}.onnx")).graph
                self.assertEqual([n.op_type for n in a.node], [n.op_type for n in b.node])
                wa = sorted(numpy_helper.to_array(t).tobytes() for t in a.initializer)
                wb = sorted(numpy_helper.to_array(t).tobytes() for t in b.initializer)
                self.assertEqual(wa, wb, f"re-export with: python3 tools/export_onnx.py {TINY} {FIXTURE}")

    def test_refuses_bad_weight_file(self):
        bad = os.path.join(self.tmp.name, "bad.safetensors")
        with open(bad, "wb") as f:
            f.write(b"\x08\x00\x00\x00\x00\x00\x00\x00{}      ")
        with self.assertRaises(SystemExit) as e:
            export_onnx.main([bad, os.path.join(self.tmp.name, "out")])
        self.assertIn("export_onnx:", str(e.exception))


if __name__ == "__main__":
    unittest.main()
