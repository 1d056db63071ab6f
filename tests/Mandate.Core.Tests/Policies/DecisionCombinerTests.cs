namespace Mandate.Core.Tests.Policies;

using Mandate.Core.Policies;

public sealed class DecisionCombinerTests
{
    [Fact]
    public void No_policy_attached_allows()
    {
        var decision = DecisionCombiner.Combine(0, []);

        Assert.Equal(PolicyOutcome.Allowed, decision.Outcome);
    }

    [Fact]
    public void An_attached_policy_that_matches_nothing_sends_the_operation_to_review()
    {
        var decision = DecisionCombiner.Combine(1, [Verdict("quiet")]);

        Assert.Equal(PolicyOutcome.PendingReview, decision.Outcome);
        Assert.Empty(decision.DenyReasons);
    }

    [Fact]
    public void Any_deny_wins_over_any_allow_and_every_deny_reason_is_kept()
    {
        var decision = DecisionCombiner.Combine(3, [
            Verdict("allow-all", allow: ["fine"]),
            Verdict("no-deletes", deny: ["Deleting aws_s3_bucket resources is not allowed."]),
            Verdict("tags", deny: ["S3 buckets must have an Environment tag."]),
        ]);

        Assert.Equal(PolicyOutcome.Denied, decision.Outcome);
        Assert.Equal(["no-deletes: Deleting aws_s3_bucket resources is not allowed.", "tags: S3 buckets must have an Environment tag."], decision.DenyReasons);
        Assert.Equal(["allow-all: fine"], decision.AllowReasons);
    }

    [Fact]
    public void One_allow_and_no_deny_allows()
    {
        var decision = DecisionCombiner.Combine(2, [Verdict("silent"), Verdict("aws-only", allow: ["Provider \"aws\" is allowed."])]);

        Assert.Equal(PolicyOutcome.Allowed, decision.Outcome);
    }

    [Fact]
    public void A_policy_that_fails_to_evaluate_denies_even_when_another_allows()
    {
        var decision = DecisionCombiner.Combine(2, [Verdict("allow", allow: ["ok"]), Verdict("broken") with { Error = "eval_conflict_error: complete rules must not produce multiple outputs" }]);

        Assert.Equal(PolicyOutcome.Denied, decision.Outcome);
        Assert.Contains("broken: policy failed to evaluate (eval_conflict_error", Assert.Single(decision.DenyReasons), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PolicyOutcome.Allowed, PolicyOutcome.Allowed, PolicyOutcome.Allowed)]
    [InlineData(PolicyOutcome.Allowed, PolicyOutcome.PendingReview, PolicyOutcome.PendingReview)]
    [InlineData(PolicyOutcome.PendingReview, PolicyOutcome.Allowed, PolicyOutcome.PendingReview)]
    [InlineData(PolicyOutcome.Denied, PolicyOutcome.Allowed, PolicyOutcome.Denied)]
    [InlineData(PolicyOutcome.Allowed, PolicyOutcome.Denied, PolicyOutcome.Denied)]
    [InlineData(PolicyOutcome.PendingReview, PolicyOutcome.Denied, PolicyOutcome.Denied)]
    public void A_replacement_is_judged_as_its_delete_and_its_create(PolicyOutcome delete, PolicyOutcome create, PolicyOutcome expected)
    {
        var combined = DecisionCombiner.CombineReplacement(Decision(delete, "delete"), Decision(create, "create"));

        Assert.Equal(expected, combined.Outcome);
        if (expected == PolicyOutcome.Denied)
        {
            Assert.All(combined.DenyReasons, r => Assert.StartsWith("replacement (", r, StringComparison.Ordinal));
        }
    }

    private static PolicyVerdict Verdict(string name, string[]? deny = null, string[]? allow = null) =>
        new($"pol_{name}", name, 1, deny ?? [], allow ?? []);

    private static PolicyDecision Decision(PolicyOutcome outcome, string what) => outcome switch
    {
        PolicyOutcome.Denied => DecisionCombiner.Combine(1, [Verdict(what, deny: [$"no {what}"])]),
        PolicyOutcome.Allowed => DecisionCombiner.Combine(1, [Verdict(what, allow: [$"ok {what}"])]),
        _ => DecisionCombiner.Combine(1, [Verdict(what)]),
    };
}
