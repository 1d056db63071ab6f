namespace Mandate.Mcp.Catalog;

using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Core;

/// <summary>
/// Turns Core's errors into tool errors: the code and message as Core wrote them (they already name what was
/// wrong and the closest valid names), the details (lock holder and expiry, policy reasons, allowed roles),
/// and the next step a model should take for that kind of error.
/// </summary>
internal static class ErrorAdvice
{
    public static ToolOutcome From(MandateException e) => ToolOutcome.Error(e.Code, e.Message, NextStep(e.Code), Details(e));

    public static string? NextStep(string code) => code switch
    {
        MandateErrorCodes.NotFound => "check the name with the matching list tool (project_list, resource_list, policy_list, operation_list_pending)",
        MandateErrorCodes.AlreadyExists => "use the existing one (get/describe it), update it, or choose another name",
        MandateErrorCodes.InvalidArgument => "fix the arguments as the message says and call again; resource_type_schema shows a type's attributes",
        MandateErrorCodes.Forbidden => "you lack a role for this in that space; tell the user which role is needed (details.allowedRoles) — an admin can grant it",
        MandateErrorCodes.ReadOnlyCredential => "this session uses a read-only key; ask the user for a key with scope 'write'",
        MandateErrorCodes.ProjectLocked => "another session is changing this project; wait until the lock expires (lock_status shows holder and expiry) or ask the user whether to lock_unlock it",
        MandateErrorCodes.PolicyDenied => "a policy refused this; show the user the reasons and change the request so it complies — do not retry unchanged",
        MandateErrorCodes.PendingReview => "the change waits for an approver; tell the user, and check later with operation_status",
        MandateErrorCodes.PlanChanged => "the plan changed; plan again, show the user the new plan, and request the change again",
        MandateErrorCodes.Conflict => "someone changed it meanwhile; read the current state and try again",
        MandateErrorCodes.ProviderError => "the cloud provider refused or failed; read the message, fix the configuration, plan again",
        MandateErrorCodes.Unauthenticated => "the credential is not valid; ask the user for a valid Mandate API key",
        _ => null,
    };

    private static JsonObject? Details(MandateException e)
    {
        if (e.Details is not { Count: > 0 } details)
        {
            return null;
        }

        var node = JsonSerializer.SerializeToNode(details) as JsonObject;
        return node;
    }
}
