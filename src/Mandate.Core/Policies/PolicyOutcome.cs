namespace Mandate.Core.Policies;

/// <summary>What the attached policies decided about one operation.</summary>
public enum PolicyOutcome
{
    /// <summary>No deny matched and at least one allow did (or no policy is attached): it proceeds.</summary>
    Allowed,

    /// <summary>At least one deny matched: blocked, with every reason.</summary>
    Denied,

    /// <summary>Nothing matched either way: a person must approve it.</summary>
    PendingReview,
}

/// <summary>One policy's verdict on one policy input.</summary>
/// <param name="PolicyId">The policy's id.</param>
/// <param name="PolicyName">Its name, for reasons shown to people.</param>
/// <param name="PolicyVersion">The version evaluated.</param>
/// <param name="Deny">The strings its <c>deny</c> set produced.</param>
/// <param name="Allow">The strings its <c>allow</c> set produced.</param>
/// <param name="Error">Set when the policy failed to evaluate; such a policy counts as a deny (fail closed).</param>
public sealed record PolicyVerdict(
    string PolicyId,
    string PolicyName,
    int PolicyVersion,
    IReadOnlyList<string> Deny,
    IReadOnlyList<string> Allow,
    string? Error = null);

/// <summary>The combined decision and everything it was made from.</summary>
/// <param name="Outcome">Allowed, denied or pending review.</param>
/// <param name="DenyReasons">Every deny reason, prefixed by the policy that gave it.</param>
/// <param name="AllowReasons">Every allow reason, prefixed likewise.</param>
/// <param name="Verdicts">Each policy's own result, per evaluated input (a replacement has two: delete and create).</param>
public sealed record PolicyDecision(
    PolicyOutcome Outcome,
    IReadOnlyList<string> DenyReasons,
    IReadOnlyList<string> AllowReasons,
    IReadOnlyList<PolicyVerdict> Verdicts);
