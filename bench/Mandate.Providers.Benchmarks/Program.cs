using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Mandate.Providers.Benchmarks.CtyBenchmarks).Assembly).Run(args);
