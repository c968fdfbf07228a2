using BenchmarkDotNet.Running;

// --gflops: a quick Stopwatch table of GFLOP/s per op at the real network shapes (no BenchmarkDotNet run).
if (args is ["--gflops"]) { Lgc.Bench.OpsGflops.Run(Console.Out); return; }
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
