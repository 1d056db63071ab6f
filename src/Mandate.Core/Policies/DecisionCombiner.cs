namespace Mandate.Core.Policies;

/// <summary>
/// Combines policy verdicts exactly as intent policies are documented: no policy attached → allowed;
/// any deny from any policy → denied with every reason; otherwise at least one allow → allowed;
/// otherwise pending review. A policy that fails to evaluate counts as a deny: an error must never
/// let an operation through.
/// </summary>
public static class DecisionCombiner
{
    /// <summary>Combines the verdicts of every attached policy on one policy input.</summary>
    /// <param name="attachedPolicies">How many policies are attached (zero means allowed by default).</param>
    public static PolicyDecision Combine(int attachedPolicies, IReadOnlyList<PolicyVerdict> verdicts)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        if (attachedPolicies == 0)
        {
            return new PolicyDecision(PolicyOutcome.Allowed, [], ["no intent policy is attached to this project; operations are allowed by default"], verdicts);
        }

        var denyReasons = new List<string>();
        var allowReasons = new List<string>();
        foreach (var verdict in verdicts)
        {
            if (verdict.Error is not null)
            {
                denyReasons.Add($"{verdict.PolicyName}: policy failed to evaluate ({verdict.Error})");
            }

            denyReasons.AddRange(verdict.Deny.Select(reason => $"{verdict.PolicyName}: {reason}"));
            allowReasons.AddRange(verdict.Allow.Select(reason => $"{verdict.PolicyName}: {reason}"));
        }

        var outcome = denyReasons.Count > 0 ? PolicyOutcome.Denied
            : allowReasons.Count > 0 ? PolicyOutcome.Allowed
            : PolicyOutcome.PendingReview;
        return new PolicyDecision(outcome, denyReasons, allowReasons, verdicts);
    }

    /// <summary>
    /// A replacement is judged as the delete and the create it implies: denied if either is denied,
    /// allowed only if both are allowed, otherwise pending review.
    /// </summary>
    public static PolicyDecision CombineReplacement(PolicyDecision delete, PolicyDecision create)
    {
        ArgumentNullException.ThrowIfNull(delete);
        ArgumentNullException.ThrowIfNull(create);
        var outcome = delete.Outcome == PolicyOutcome.Denied || create.Outcome == PolicyOutcome.Denied ? PolicyOutcome.Denied
            : delete.Outcome == PolicyOutcome.Allowed && create.Outcome == PolicyOutcome.Allowed ? PolicyOutcome.Allowed
            : PolicyOutcome.PendingReview;
        return new PolicyDecision(
            outcome,
            [.. delete.DenyReasons.Select(r => $"replacement (delete): {r}"), .. create.DenyReasons.Select(r => $"replacement (create): {r}")],
            [.. delete.AllowReasons.Select(r => $"replacement (delete): {r}"), .. create.AllowReasons.Select(r => $"replacement (create): {r}")],
            [.. delete.Verdicts, .. create.Verdicts]);
    }
}
