using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Mandate.Rego.Compile;
using Mandate.Rego.Eval;
using Mandate.Rego.Values;

namespace Mandate.Rego.Benchmarks;

/// <summary>
/// Policies of 200 deny rules: over a large input (500 resources with tags, each rule iterating them), and
/// on one resource, each rule first testing its type (the shape OPA's rule index serves).
/// </summary>
[MemoryDiagnoser]
public class LargePolicyBenchmarks
{
    private PreparedQuery _deny = null!;
    private RegoValue _input = RegoNull.Instance;
    private PreparedQuery _typedDeny = null!;
    private RegoValue _s3 = RegoNull.Instance;

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

        var typed = new StringBuilder("package typed\n\n");
        for (var i = 0; i < 200; i++)
        {
            typed.Append(CultureInfo.InvariantCulture, $$"""
                deny contains msg if {
                    input.resource.resource_type == "{{(i % 50 == 0 ? "aws_s3_bucket" : "aws_type_" + (i % 50))}}"
                    not input.resource.proposed_state.tags["rule_{{i}}"]
                    msg := sprintf("%s violates rule {{i}}", [input.resource.resource_id])
                }

                """);
        }

        _typedDeny = new RegoCompiler().AddModule("typed.rego", typed.ToString()).Compile().Prepare("data.typed.deny = x");
        _s3 = RegoJson.Parse(S3Input.Json);
    }

    [Benchmark]
    public int Deny() => ((RegoSet)_deny.Evaluate(_input).Rows[0]["x"]).Count;

    /// <summary>200 rules that each start with <c>input.resource.resource_type == "…"</c>; 4 match the input.</summary>
    [Benchmark]
    public int TypedDeny() => ((RegoSet)_typedDeny.Evaluate(_s3).Rows[0]["x"]).Count;
}
