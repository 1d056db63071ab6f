namespace Mandate.Core.Policies;

using System.Text.Json.Nodes;
using Mandate.Rego;
using Mandate.Rego.Compile;
using Mandate.Rego.Eval;
using Mandate.Rego.Values;

/// <summary>One version of an intent policy's Rego source.</summary>
public sealed record IntentPolicySource(string Id, string Name, int Version, string Body);

/// <summary>A policy's verdict plus whether the policy asked for its evaluations to be kept (<c>sample := true</c>).</summary>
public sealed record PolicyEvaluation(PolicyVerdict Verdict, bool Sample);

/// <summary>
/// Evaluates intent policies with Mandate.Rego. Each policy is compiled on its own (policies are judged
/// independently), once per version, and its <c>deny</c>, <c>allow</c> and <c>sample</c> rules are read
/// from the policy's own package. Evaluation is bounded by a deadline so a careless policy cannot stall
/// the pipeline; a failure becomes the verdict's error, which the combiner treats as a deny.
/// </summary>
/// <param name="deadline">How long one evaluation may run (default 2 s).</param>
/// <param name="maxCompiledPolicies">How many compiled policy versions are kept, least recently used forgotten first
/// (default <see cref="DefaultMaxCompiledPolicies"/>); a forgotten one is compiled again when next needed.</param>
public sealed class IntentPolicyEvaluator(TimeSpan? deadline = null, int maxCompiledPolicies = IntentPolicyEvaluator.DefaultMaxCompiledPolicies)
{
    /// <summary>Enough for every policy of a large installation; a compiled seed policy takes tens of kilobytes.</summary>
    public const int DefaultMaxCompiledPolicies = 512;

    private readonly LruCache<(string Id, int Version), Lazy<Compiled>> _cache = new(maxCompiledPolicies);
    private readonly TimeSpan _deadline = deadline ?? TimeSpan.FromSeconds(2);

    /// <summary>How many compiled policy versions are kept now.</summary>
    internal int CompiledCount => _cache.Count;

    /// <summary>Whether that policy version is compiled and kept.</summary>
    internal bool IsCompiled(string policyId, int version) => _cache.Contains((policyId, version));

    /// <summary>Parse and compile errors of a draft policy, as "file:line:col: code: message"; empty when it compiles.</summary>
    public static IReadOnlyList<string> Check(string body, string fileName = "policy.rego") =>
        TryCompile(body, fileName, out _, out var errors) ? [] : errors;

    public PolicyEvaluation Evaluate(IntentPolicySource policy, JsonNode input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Evaluate(policy, ToRegoInput(input), cancellationToken);
    }

    /// <summary>The input converted once, for evaluating several policies on the same input.</summary>
    public static RegoValue ToRegoInput(JsonNode input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return RegoJson.Parse(input.ToJsonString());
    }

    public PolicyEvaluation Evaluate(IntentPolicySource policy, RegoValue regoInput, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(regoInput);
        var compiled = _cache.GetOrAdd((policy.Id, policy.Version), _ => new Lazy<Compiled>(() => Compile(policy))).Value;
        if (compiled.Errors is { } errors)
        {
            return new PolicyEvaluation(new PolicyVerdict(policy.Id, policy.Name, policy.Version, [], [], string.Join("; ", errors)), false);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_deadline);
        var options = EvalOptions.Default with { CancellationToken = deadline.Token };
        try
        {
            var deny = Reasons(compiled.Deny!.EvaluateFirst(RuleValue, regoInput, options));
            var allow = Reasons(compiled.Allow!.EvaluateFirst(RuleValue, regoInput, options));
            var sample = compiled.Sample!.EvaluateFirst(RuleValue, regoInput, options) is RegoBoolean { Value: true };
            return new PolicyEvaluation(new PolicyVerdict(policy.Id, policy.Name, policy.Version, deny, allow), sample);
        }
        catch (RegoEvalException e)
        {
            return new PolicyEvaluation(new PolicyVerdict(policy.Id, policy.Name, policy.Version, [], [], e.Error.ToString()), false);
        }
    }

    private static Compiled Compile(IntentPolicySource policy)
    {
        if (!TryCompile(policy.Body, $"{policy.Name}.rego", out var compiled, out var errors))
        {
            return new Compiled(null, null, null, errors);
        }

        // One query per rule, each read as a value (no result rows): a rule may be undefined on its own (no deny, no
        // allow: the empty set), and only the rules the decision reads are evaluated, as OPA evaluates data.pkg.deny.
        var package = "data" + string.Concat(compiled!.Modules[0].Package.Select(segment => $"[{RegoJson.Serialize(RegoString.From(segment))}]"));
        PreparedQuery Rule(string name) => compiled.Prepare($"{RuleValue} := {package}[\"{name}\"]");
        return new Compiled(Rule("deny"), Rule("allow"), Rule("sample"), null);
    }

    private static bool TryCompile(string body, string fileName, out CompiledPolicy? compiled, out IReadOnlyList<string> errors)
    {
        var compiler = new RegoCompiler().AddModule(fileName, body);
        var ok = compiler.TryCompile(out compiled, out var regoErrors);
        errors = regoErrors.Select(e => e.ToString()).ToList();
        return ok;
    }

    // deny/allow are documented as sets of strings; anything else still counts, rendered as JSON.
    private static IReadOnlyList<string> Reasons(RegoValue? value) => value switch
    {
        null => [],
        RegoSet set => [.. set.Items.ToArray().Select(Text)],
        RegoArray array => [.. array.Items.ToArray().Select(Text)],
        RegoBoolean { Value: false } => [],
        RegoBoolean { Value: true } => ["(rule is true)"],
        _ => [Text(value)],
    };

    private static string Text(RegoValue value) => value is RegoString s ? s.Value : RegoJson.Serialize(value);

    // The variable each rule query binds.
    private const string RuleValue = "value";

    private sealed record Compiled(PreparedQuery? Deny, PreparedQuery? Allow, PreparedQuery? Sample, IReadOnlyList<string>? Errors);
}
