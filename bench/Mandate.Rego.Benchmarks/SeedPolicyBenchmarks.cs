using BenchmarkDotNet.Attributes;
using Mandate.Rego.Compile;
using Mandate.Rego.Eval;
using Mandate.Rego.Values;

namespace Mandate.Rego.Benchmarks;

/// <summary>
/// The four documented Intent policies: compile time, and one decision (deny + allow) with prepared
/// queries on a full aws_s3_bucket proposed state — the comparison point is OPA 1.9 at ~25 µs per decision.
/// </summary>
[MemoryDiagnoser]
public class SeedPolicyBenchmarks
{
    private static readonly string[] PolicyNames = ["only_s3", "deny_delete", "providers", "require_tags"];

    private Dictionary<string, string> _sources = [];
    private Dictionary<string, (PreparedQuery Deny, PreparedQuery Allow)> _queries = [];
    private RegoValue _input = RegoNull.Instance;

    [Params("only_s3", "deny_delete", "providers", "require_tags")]
    public string Policy { get; set; } = "require_tags";

    [GlobalSetup]
    public void Setup()
    {
        _sources = PolicyNames.ToDictionary(n => n, n => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Seeds", n + ".rego")));
        foreach (var (name, source) in _sources)
        {
            var policy = new RegoCompiler().AddModule(name + ".rego", source).Compile();
            _queries[name] = (policy.Prepare("data.spacelift.deny = x"), policy.Prepare("data.spacelift.allow = x"));
        }

        _input = RegoJson.Parse(S3Input.Json);
    }

    [Benchmark]
    public CompiledPolicy Compile() => new RegoCompiler().AddModule(Policy + ".rego", _sources[Policy]).Compile();

    /// <summary>One decision as Mandate reads it: the value of each set, no result rows (<see cref="PreparedQuery.EvaluateFirst"/>).</summary>
    [Benchmark]
    public int Decision()
    {
        var (deny, allow) = _queries[Policy];
        return Count(deny.EvaluateFirst("x", _input)) + Count(allow.EvaluateFirst("x", _input));
    }

    /// <summary>The same decision through the general API, which builds a result set with one row per solution.</summary>
    [Benchmark]
    public int DecisionWithRows()
    {
        var (deny, allow) = _queries[Policy];
        return deny.Evaluate(_input).Rows.Count + allow.Evaluate(_input).Rows.Count;
    }

    private static int Count(RegoValue? set) => set is RegoSet s ? s.Count : -1;
}
