using BenchmarkDotNet.Running;
using Mandate.Providers.Benchmarks;

// `compare --dynamodb <endpoint>` times whole operations for bench/providers-vs-terraform.sh;
// anything else goes to BenchmarkDotNet (e.g. `--filter *SchemaBenchmarks*`).
if (args is ["compare", ..])
{
    return await Compare.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(SchemaBenchmarks).Assembly).Run(args);
return 0;
