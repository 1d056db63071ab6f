namespace Mandate.Core.Tests.Policies;

using System.Text.Json.Nodes;
using Mandate.Core.Policies;

public sealed class IntentPolicyEvaluatorCacheTests
{
    private static readonly JsonObject DeleteInput = JsonNode.Parse("""
        {"resource": {"resource_id": "t", "resource_type": "aws_dynamodb_table", "provider": "aws", "provider_version": "5.100.0",
                      "operation": "delete", "current_state": {}, "proposed_state": null}}
        """)!.AsObject();

    [Fact]
    public void The_compiled_policy_cache_keeps_at_most_its_bound_and_forgets_the_least_recently_used()
    {
        var evaluator = new IntentPolicyEvaluator(maxCompiledPolicies: 2);
        var a = new IntentPolicySource("pol_a", "a", 1, SeedPolicies.DenyDeletes);
        var b = new IntentPolicySource("pol_b", "b", 1, SeedPolicies.AllowOnlyS3);
        var c = new IntentPolicySource("pol_c", "c", 1, SeedPolicies.RestrictProviders);

        evaluator.Evaluate(a, DeleteInput);
        evaluator.Evaluate(b, DeleteInput);
        evaluator.Evaluate(a, DeleteInput); // a is now the most recent; b the least
        evaluator.Evaluate(c, DeleteInput);

        Assert.Equal(2, evaluator.CompiledCount);
        Assert.True(evaluator.IsCompiled("pol_a", 1));
        Assert.False(evaluator.IsCompiled("pol_b", 1));
        Assert.True(evaluator.IsCompiled("pol_c", 1));
        // A forgotten policy is compiled again and decides as before.
        Assert.Equal(["Only S3 buckets are allowed. Resource type \"aws_dynamodb_table\" is not permitted."], evaluator.Evaluate(b, DeleteInput).Verdict.Deny);
        Assert.False(evaluator.IsCompiled("pol_a", 1));
    }

    [Fact]
    public void A_bound_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new IntentPolicyEvaluator(maxCompiledPolicies: 0));
    }
}
