namespace Mandate.Core.Access;

/// <summary>
/// Rules on top of <see cref="MandateAction.ApprovalDecide"/>: holding the approver role is necessary
/// but not enough, because nobody may approve an operation they requested themselves.
/// </summary>
public static class ApprovalRules
{
    /// <summary>True unless the approver is the principal who requested the operation.</summary>
    public static bool MayDecide(Principal approver, string requesterPrincipalId)
    {
        ArgumentNullException.ThrowIfNull(approver);
        return !string.Equals(approver.Id, requesterPrincipalId, StringComparison.Ordinal);
    }

    /// <summary>
    /// Throws <c>forbidden</c> when the approver requested the operation. Call after
    /// <see cref="Authorizer.Authorize"/> with <see cref="MandateAction.ApprovalDecide"/>.
    /// </summary>
    public static void EnsureMayDecide(Principal approver, string requesterPrincipalId, string operationId)
    {
        if (!MayDecide(approver, requesterPrincipalId))
        {
            throw new MandateException(MandateErrorCodes.Forbidden,
                $"'{approver.DisplayName}' requested operation '{operationId}' and so cannot approve or reject it; another approver must decide",
                new Dictionary<string, object?> { ["principal"] = approver.Id, ["operation"] = operationId, ["action"] = MandateAction.ApprovalDecide.Name });
        }
    }
}
