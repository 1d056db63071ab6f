namespace Mandate.Core.Tests.Policies;

using System.Text.Json.Nodes;
using Mandate.Core.Policies;

public sealed class IntentPolicyEvaluatorTests
{
    private readonly IntentPolicyEvaluator _evaluator = new();

    public static TheoryData<string, string, string, string, bool, PolicyOutcome> SeedCases => new()
    {
        // policy, resource type, provider, operation, has Environment tag, expected outcome
        { "AllowOnlyS3", "aws_s3_bucket", "aws", "create", false, PolicyOutcome.Allowed },
        { "AllowOnlyS3", "aws_dynamodb_table", "aws", "create", true, PolicyOutcome.Denied },
        { "AllowOnlyS3", "aws_dynamodb_table", "aws", "delete", false, PolicyOutcome.Denied },
        { "DenyDeletes", "aws_s3_bucket", "aws", "delete", true, PolicyOutcome.Denied },
        { "DenyDeletes", "aws_dynamodb_table", "aws", "delete", false, PolicyOutcome.Denied },
        { "DenyDeletes", "aws_dynamodb_table", "aws", "update", false, PolicyOutcome.Allowed },
        { "DenyDeletes", "aws_s3_bucket", "aws", "create", false, PolicyOutcome.Allowed },
        { "RestrictProviders", "aws_s3_bucket", "aws", "create", false, PolicyOutcome.Allowed },
        { "RestrictProviders", "random_pet", "random", "create", false, PolicyOutcome.Allowed },
        { "RestrictProviders", "google_storage_bucket", "google", "create", false, PolicyOutcome.Denied },
        { "RequireTags", "aws_s3_bucket", "aws", "create", false, PolicyOutcome.Denied },
        { "RequireTags", "aws_s3_bucket", "aws", "create", true, PolicyOutcome.Allowed },
        { "RequireTags", "aws_s3_bucket", "aws", "update", true, PolicyOutcome.Allowed },
        { "RequireTags", "aws_s3_bucket", "aws", "update", false, PolicyOutcome.PendingReview },
        { "RequireTags", "aws_dynamodb_table", "aws", "create", false, PolicyOutcome.PendingReview },
    };

    [Theory]
    [MemberData(nameof(SeedCases))]
    public void Seed_policies_verbatim_give_their_documented_outcomes(string policy, string type, string provider, string operation, bool tagged, PolicyOutcome expected)
    {
        var source = new IntentPolicySource($"pol_{policy}", policy, 1, Body(policy));

        var evaluation = _evaluator.Evaluate(source, Input(type, provider, operation, tagged));
        var decision = DecisionCombiner.Combine(1, [evaluation.Verdict]);

        Assert.Null(evaluation.Verdict.Error);
        Assert.Equal(expected, decision.Outcome);
        Assert.True(evaluation.Sample, "every seed policy sets sample := true");
    }

    [Fact]
    public void Deny_reasons_are_the_policies_own_messages()
    {
        var source = new IntentPolicySource("pol_types", "only-s3", 1, SeedPolicies.AllowOnlyS3);

        var verdict = _evaluator.Evaluate(source, Input("aws_dynamodb_table", "aws", "create", false)).Verdict;

        Assert.Equal(["Only S3 buckets are allowed. Resource type \"aws_dynamodb_table\" is not permitted."], verdict.Deny);
        Assert.Empty(verdict.Allow);
    }

    [Fact]
    public void The_provider_policy_lists_the_permitted_providers_in_its_reason()
    {
        var source = new IntentPolicySource("pol_providers", "providers", 1, SeedPolicies.RestrictProviders);

        var verdict = _evaluator.Evaluate(source, Input("google_storage_bucket", "google", "create", false)).Verdict;

        var reason = Assert.Single(verdict.Deny);
        Assert.StartsWith("Provider \"google\" is not allowed. Permitted providers: ", reason, StringComparison.Ordinal);
        Assert.Contains("\"aws\"", reason, StringComparison.Ordinal);
        Assert.Contains("\"random\"", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_that_does_not_compile_fails_closed_with_its_location()
    {
        var source = new IntentPolicySource("pol_bad", "broken", 1, "package spacelift\n\ndeny contains msg if {\n  msg := \n}\n");

        var decision = DecisionCombiner.Combine(1, [_evaluator.Evaluate(source, Input("aws_s3_bucket", "aws", "create", true)).Verdict]);

        Assert.Equal(PolicyOutcome.Denied, decision.Outcome);
        Assert.Contains("broken.rego:", Assert.Single(decision.DenyReasons), StringComparison.Ordinal);
        Assert.NotEmpty(IntentPolicyEvaluator.Check(source.Body));
        Assert.Empty(IntentPolicyEvaluator.Check(SeedPolicies.RequireTags));
    }

    [Fact]
    public void A_runaway_policy_is_stopped_and_denies()
    {
        var source = new IntentPolicySource("pol_slow", "slow", 1,
            "package spacelift\n\ndeny contains \"too many\" if {\n  count([x | some x in numbers.range(1, 1000000000000)]) > 0\n}\n");

        var verdict = new IntentPolicyEvaluator(TimeSpan.FromSeconds(1)).Evaluate(source, Input("aws_s3_bucket", "aws", "create", true)).Verdict;

        Assert.NotNull(verdict.Error);
    }

    private static string Body(string policy) => policy switch
    {
        "AllowOnlyS3" => SeedPolicies.AllowOnlyS3,
        "DenyDeletes" => SeedPolicies.DenyDeletes,
        "RestrictProviders" => SeedPolicies.RestrictProviders,
        "RequireTags" => SeedPolicies.RequireTags,
        _ => throw new ArgumentOutOfRangeException(nameof(policy)),
    };

    private static JsonNode Input(string type, string provider, string operation, bool tagged)
    {
        var state = new JsonObject { ["bucket"] = "b", ["tags"] = tagged ? new JsonObject { ["Environment"] = "dev" } : new JsonObject() };
        return new JsonObject
        {
            ["resource"] = new JsonObject
            {
                ["resource_id"] = "r1",
                ["resource_type"] = type,
                ["provider"] = provider,
                ["provider_version"] = "5.100.0",
                ["operation"] = operation,
                ["current_state"] = operation == "create" ? null : state.DeepClone(),
                ["proposed_state"] = operation == "delete" ? null : state,
            },
        };
    }
}
