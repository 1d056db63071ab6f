using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Mandate.Mcp.Benchmarks.ReadToolBenchmarks).Assembly).Run(args);
