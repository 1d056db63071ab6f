namespace Mandate.Core.Access;

/// <summary>
/// The one table of which role grants which action. Everything else (the authorizer, error hints,
/// documentation) reads it from here.
/// </summary>
/// <remarks>
/// The separation the seeds require: a policy author shapes the rules and never changes resources; an
/// operator changes resources and never changes the rules (policies, attachments, labels that attach
/// policies); an approver only decides and reads; a reader only reads. Administrative actions (spaces,
/// keys, roles, integrations that hold credentials, breaking locks, bulk audit export) are admin-only.
/// </remarks>
public static class RolePermissions
{
    // Reads every role has. Plan, policy test and audit export are reads but deliberately narrower.
    private static readonly MandateAction[] CommonReads =
    [
        MandateAction.SpaceRead, MandateAction.ProjectRead, MandateAction.ResourceRead, MandateAction.OperationRead,
        MandateAction.PolicyRead, MandateAction.AuditRead, MandateAction.AuditVerify, MandateAction.LockRead,
        MandateAction.IntegrationRead,
    ];

    private static readonly Dictionary<Role, HashSet<MandateAction>> Table = new()
    {
        [Role.Reader] = [.. CommonReads],
        [Role.Approver] = [.. CommonReads, MandateAction.ApprovalDecide],
        [Role.Operator] =
        [
            .. CommonReads,
            MandateAction.ProjectCreate, MandateAction.ProjectUpdate, MandateAction.ProjectDelete,
            MandateAction.ResourcePlan, MandateAction.ResourceCreate, MandateAction.ResourceUpdate,
            MandateAction.ResourceDelete, MandateAction.ResourceImport, MandateAction.ResourceRefresh,
            MandateAction.ResourceEject, MandateAction.OperationResume, MandateAction.OperationCancel,
        ],
        [Role.PolicyAuthor] =
        [
            .. CommonReads,
            MandateAction.ProjectLabel, MandateAction.PolicyWrite, MandateAction.PolicyAttach,
            MandateAction.PolicyDetach, MandateAction.PolicyTest,
        ],
        [Role.Admin] = [.. MandateAction.All],
    };

    /// <summary>True when <paramref name="role"/> grants <paramref name="action"/>.</summary>
    public static bool Grants(Role role, MandateAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Table.TryGetValue(role, out var actions) && actions.Contains(action);
    }

    /// <summary>The roles that grant an action, most powerful first (for "needs one of" hints).</summary>
    public static IReadOnlyList<Role> RolesGranting(MandateAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var roles = new List<Role>();
        foreach (var name in RoleNames.All)
        {
            var role = RoleNames.Parse(name);
            if (Grants(role, action))
            {
                roles.Add(role);
            }
        }

        return roles;
    }
}
