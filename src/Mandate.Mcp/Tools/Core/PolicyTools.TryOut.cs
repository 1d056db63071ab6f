namespace Mandate.Mcp.Tools.Core;

using System.Text.Json.Nodes;
using Mandate.Core;
using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Core.Policies;
using Mandate.Mcp.Catalog;

/// <summary>Trying policies out without changing anything: on given inputs, and a draft against kept samples.</summary>
internal static partial class PolicyTools
{
    /// <summary>A draft is compiled for one call only; its cache key must never collide with a stored policy version.</summary>
    private const int DraftVersion = -1;

    private static readonly IntentPolicyEvaluator Evaluator = new();

    private static IEnumerable<ToolDescriptor> TryOutTools()
    {
        yield return new ToolDescriptor(
            "policy_test", "Test a policy on inputs",
            "Evaluates a policy — a stored one, or draft Rego you pass — on input documents you write, and returns each input's " +
            "deny/allow reasons and outcome. Changes nothing. Use it while writing a policy; use policy_evaluate_draft to see " +
            "how a change would have judged real past requests. Input shape: {\"resource\": {\"resource_type\", \"operation\", " +
            "\"proposed_state\", \"current_state\", ...}, \"project\": {...}, \"actor\": {...}}. Example: {\"rego\": \"package " +
            "spacelift\\ndeny contains \\\"no\\\" if input.resource.operation == \\\"delete\\\"\", \"inputs\": [{\"resource\": " +
            "{\"operation\": \"delete\"}}]}.",
            new ToolParameters(
                new ToolParameter("policy", ParameterType.String, "A stored policy's id or name (omit when passing rego)."),
                new ToolParameter("rego", ParameterType.String, "Draft Rego to evaluate instead of a stored policy."),
                new ToolParameter("inputs", ParameterType.ObjectArray, "1-20 input documents.", Required: true),
                new ToolParameter("space", ParameterType.String, "For a draft: the space you author policies in (default \"root\").")),
            ToolHints.Read, MandateAction.PolicyTest, TestAsync);

        yield return new ToolDescriptor(
            "policy_evaluate_draft", "Evaluate a draft on samples",
            "Judges draft Rego for an existing policy against the inputs that policy kept as samples (policies that set " +
            "sample := true), and reports where the decision would change. Changes nothing. Use it before policy_update. " +
            "Example: {\"policy\": \"no-public-buckets\", \"rego\": \"package spacelift\\n…\"}.",
            new ToolParameters(PolicyId,
                new ToolParameter("rego", ParameterType.String, "The draft Rego.", Required: true),
                new ToolParameter("limit", ParameterType.Integer, "How many samples to judge (default 50).", Minimum: 1, Maximum: 200)),
            ToolHints.Read, MandateAction.PolicyTest, EvaluateDraftAsync);
    }

    private static async ValueTask<ToolOutcome> TestAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var inputs = call.Arguments["inputs"]!.AsArray();
        if (inputs.Count is 0 or > 20)
        {
            throw new MandateException(MandateErrorCodes.InvalidArgument, $"'inputs' has {inputs.Count} documents; give 1 to 20");
        }

        IntentPolicySource source;
        if (call.String("policy") is { Length: > 0 } policyName)
        {
            if (call.String("rego") is not null)
            {
                throw new MandateException(MandateErrorCodes.InvalidArgument, "give either 'policy' (a stored policy) or 'rego' (a draft), not both");
            }

            var details = await call.Core().Policies.GetAsync(call.Context(), policyName, cancellationToken: cancellationToken);
            await call.Core().Guard.AuthorizeAsync(call.Context(), SpaceOf(details.Policy.SpaceId), MandateAction.PolicyTest,
                AuditTarget.Policy(details.Policy.Id), cancellationToken);
            source = new IntentPolicySource(details.Policy.Id, details.Policy.Name, details.Policy.CurrentVersion, details.Rego);
        }
        else
        {
            var rego = call.String("rego") ?? throw new MandateException(MandateErrorCodes.InvalidArgument,
                "give 'policy' (a stored policy's id or name) or 'rego' (draft source) to test");
            var space = SpaceOf(call.String("space") ?? SpaceId.Root.Value);
            await call.Core().Guard.AuthorizeAsync(call.Context(), space, MandateAction.PolicyTest, AuditTarget.Space(space.Value), cancellationToken);
            if (IntentPolicyEvaluator.Check(rego) is { Count: > 0 } errors)
            {
                throw new MandateException(MandateErrorCodes.InvalidArgument, "the Rego does not compile: " + string.Join("; ", errors),
                    new Dictionary<string, object?> { ["errors"] = errors.ToArray() });
            }

            // Each draft gets its own id so the evaluator's compile cache never serves another draft's rules.
            source = new IntentPolicySource("draft-" + Guid.NewGuid().ToString("N"), "draft", DraftVersion, rego);
        }

        var results = new JsonArray();
        foreach (var input in inputs)
        {
            var verdict = Evaluator.Evaluate(source, input!, cancellationToken).Verdict;
            var outcome = verdict.Error is not null || verdict.Deny.Count > 0 ? PolicyOutcome.Denied
                : verdict.Allow.Count > 0 ? PolicyOutcome.Allowed : PolicyOutcome.PendingReview;
            var result = new JsonObject { ["outcome"] = Views.Outcome(outcome) };
            if (verdict.Deny.Count > 0)
            {
                result["deny"] = Views.Strings(verdict.Deny);
            }

            if (verdict.Allow.Count > 0)
            {
                result["allow"] = Views.Strings(verdict.Allow);
            }

            if (verdict.Error is not null)
            {
                result["error"] = verdict.Error;
            }

            results.Add(result);
        }

        return ToolOutcome.Json(new JsonObject { ["policy"] = source.Name, ["results"] = results });
    }

    private static async ValueTask<ToolOutcome> EvaluateDraftAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var policy = await PolicyAsync(call, cancellationToken);
        var test = await call.Core().Policies.TestDraftAsync(call.Context(), policy.Id, call.RequiredString("rego"), call.Int("limit", 50), cancellationToken);
        return ToolOutcome.Json(new JsonObject
        {
            ["policy"] = policy.Name,
            ["samples"] = test.Comparisons.Count,
            ["changed"] = test.Changed,
            ["changes"] = new JsonArray([.. test.Comparisons.Where(c => c.Changed).Take(20).Select(c => (JsonNode)new JsonObject
            {
                ["sample"] = c.SampleId,
                ["sampled"] = Views.Time(c.SampledAt),
                ["was"] = Views.Outcome(c.Recorded),
                ["draft"] = Views.Outcome(c.Draft),
                ["draft_deny"] = Views.Strings(c.DraftDenyReasons),
            })]),
            ["note"] = test.Comparisons.Count == 0 ? "the policy has no kept samples; add 'sample := true' to it to keep some" : null,
        });
    }

    private static SpaceId SpaceOf(string value) => Space(value);
}
