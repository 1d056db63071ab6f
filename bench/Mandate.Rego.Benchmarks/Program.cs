using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Mandate.Rego.Benchmarks.SeedPolicyBenchmarks).Assembly).Run(args);
