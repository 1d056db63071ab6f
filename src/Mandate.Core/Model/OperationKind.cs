namespace Mandate.Core.Model;

/// <summary>What an operation does to one resource. The wire names are the seed's policy input values.</summary>
public enum OperationKind
{
    Create,
    Update,
    Delete,
    Import,
    Refresh,

    /// <summary>A dry run: plan and policy decision, nothing applied.</summary>
    Plan,

    /// <summary>Forget a resource without destroying it.</summary>
    Eject,
}

/// <summary>Where an operation is in the pipeline. Terminal states never change again.</summary>
public enum OperationStatus
{
    /// <summary>Recorded, not yet planned.</summary>
    Requested,

    /// <summary>Planned; waiting for a reviewer because no policy allowed or denied it.</summary>
    PendingReview,

    /// <summary>Allowed or approved; waiting for a worker to apply it.</summary>
    Queued,

    /// <summary>The provider is being called. Crash recovery looks for operations left here.</summary>
    Applying,

    Succeeded,
    Failed,
    Denied,
    Rejected,
    Expired,
    Cancelled,
}

/// <summary>Wire names for the enums: lower-case, as policies and clients see them.</summary>
public static class OperationNames
{
    public static string ToWire(this OperationKind kind) => kind.ToString().ToLowerInvariant();

    public static string ToWire(this OperationStatus status) => status switch
    {
        OperationStatus.PendingReview => "pending_review",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static OperationKind ParseKind(string wire)
    {
        foreach (var kind in Enum.GetValues<OperationKind>())
        {
            if (kind.ToWire() == wire)
            {
                return kind;
            }
        }

        throw new MandateException(MandateErrorCodes.InvalidArgument,
            $"unknown operation kind '{wire}'; expected one of: {string.Join(", ", Enum.GetValues<OperationKind>().Select(k => k.ToWire()))}");
    }

    public static OperationStatus ParseStatus(string wire)
    {
        foreach (var status in Enum.GetValues<OperationStatus>())
        {
            if (status.ToWire() == wire)
            {
                return status;
            }
        }

        throw new MandateException(MandateErrorCodes.InvalidArgument,
            $"unknown operation status '{wire}'; expected one of: {string.Join(", ", Enum.GetValues<OperationStatus>().Select(s => s.ToWire()))}");
    }

    public static bool IsTerminal(this OperationStatus status) =>
        status is OperationStatus.Succeeded or OperationStatus.Failed or OperationStatus.Denied
            or OperationStatus.Rejected or OperationStatus.Expired or OperationStatus.Cancelled;
}
