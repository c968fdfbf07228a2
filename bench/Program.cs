using BenchmarkDotNet.Running;

// --gflops: a quick Stopwatch table of GFLOP/s per op at the real network shapes (no BenchmarkDotNet run).
if (args is ["--gflops"]) { Lgc.Bench.OpsGflops.Run(Console.Out); return; }
// --vs-ort [WEIGHTS] [--onnx DIR]: engine vs ONNX Runtime per stage and end to end (ORT networks + our coder).
if (args.Length > 0 && args[0] == "--vs-ort")
{
    try { Lgc.Bench.VsOrt.Run(args[1..], Console.Out); }
    catch (Lgc.LgcException e) { Console.Error.WriteLine($"bench: {e.Message}"); Environment.Exit(1); }
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
