using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Mandate.Rego.Compile;
using Mandate.Rego.Eval;
using Mandate.Rego.Values;

namespace Mandate.Rego.Benchmarks;

/// <summary>A policy of 200 deny rules evaluated over a large input (500 resources with tags).</summary>
[MemoryDiagnoser]
public class LargePolicyBenchmarks
{
    private PreparedQuery _deny = null!;
    private RegoValue _input = RegoNull.Instance;

    [GlobalSetup]
    public void Setup()
    {
        var sb = new StringBuilder("package large\n\n");
        for (var i = 0; i < 200; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $$"""
                deny contains msg if {
                    some r in input.resources
                    r.type == "type_{{i % 20}}"
                    not r.tags["rule_{{i}}"]
                    r.size > {{i * 10}}
                    msg := sprintf("resource %s violates rule {{i}}", [r.id])
                }

                """);
        }

        _deny = new RegoCompiler().AddModule("large.rego", sb.ToString()).Compile().Prepare("data.large.deny = x");
        var resources = new StringBuilder("{\"resources\":[");
        for (var i = 0; i < 500; i++)
        {
            if (i > 0)
            {
                resources.Append(',');
            }

            resources.Append(CultureInfo.InvariantCulture, $$$"""{"id":"r{{{i}}}","type":"type_{{{i % 25}}}","size":{{{i * 7}}},"tags":{"rule_{{{i % 200}}}":true,"owner":"team"}}""");
        }

        resources.Append("]}");
        _input = RegoJson.Parse(resources.ToString());
    }

    [Benchmark]
    public int Deny() => ((RegoSet)_deny.Evaluate(_input).Rows[0]["x"]).Count;
}
