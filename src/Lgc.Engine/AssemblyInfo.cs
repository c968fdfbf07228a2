using System.Runtime.CompilerServices;

// bench --vs-ort times the range coder alone (Pack, DecodeZ/DecodeY) next to ONNX Runtime's networks.
[assembly: InternalsVisibleTo("Lgc.Bench")]
