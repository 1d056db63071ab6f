using System.Diagnostics.CodeAnalysis;

namespace Mandate.Core.Access;

/// <summary>
/// One thing a Core entry point does, named <c>area.verb</c> as it appears in audit entries and
/// errors. Every Core entry point authorizes exactly one of these against the target's space.
/// <see cref="Mutates"/> says whether the action changes anything (infrastructure, state, policies,
/// governance); a read-scoped API key is refused every mutating action whatever its roles.
/// Instances are the fixed set below; compare them by reference or by <see cref="Name"/>.
/// </summary>
public sealed class MandateAction
{
    private MandateAction(string name, bool mutates, string description)
    {
        Name = name;
        Mutates = mutates;
        Description = description;
    }

    /// <summary>The wire name, e.g. <c>resource.create</c>.</summary>
    public string Name { get; }

    /// <summary>True when the action changes something; read-scoped keys may never perform it.</summary>
    public bool Mutates { get; }

    /// <summary>One line saying what the action covers.</summary>
    public string Description { get; }

    // Spaces and projects.

    /// <summary>List and read spaces.</summary>
    public static readonly MandateAction SpaceRead = Read("space.read", "list and read spaces");

    /// <summary>Create, rename, move and delete spaces.</summary>
    public static readonly MandateAction SpaceManage = Write("space.manage", "create, move and delete spaces");

    /// <summary>List and read projects.</summary>
    public static readonly MandateAction ProjectRead = Read("project.read", "list and read projects");

    /// <summary>Create a project.</summary>
    public static readonly MandateAction ProjectCreate = Write("project.create", "create a project");

    /// <summary>Change a project's description, provider requirements or integrations.</summary>
    public static readonly MandateAction ProjectUpdate = Write("project.update", "change a project's description, provider requirements or integrations");

    /// <summary>
    /// Change a project's labels. Separate from <see cref="ProjectUpdate"/> because labels decide which
    /// policies attach automatically (<c>autoattach:&lt;label&gt;</c>): removing one detaches policies,
    /// which is the policy author's call, not the operator's.
    /// </summary>
    public static readonly MandateAction ProjectLabel = Write("project.label", "change a project's labels (which drive automatic policy attachment)");

    /// <summary>Delete a project.</summary>
    public static readonly MandateAction ProjectDelete = Write("project.delete", "delete a project");

    // Resources: the operation pipeline.

    /// <summary>List and read resources, their state and history.</summary>
    public static readonly MandateAction ResourceRead = Read("resource.read", "list and read resources, state and history");

    /// <summary>
    /// Dry-run a change: returns the diff and the policy decision, applies nothing. Not mutating, but
    /// limited to roles that may change resources because it calls providers with the project's credentials.
    /// </summary>
    public static readonly MandateAction ResourcePlan = Read("resource.plan", "plan a change without applying it");

    /// <summary>Create a resource.</summary>
    public static readonly MandateAction ResourceCreate = Write("resource.create", "create a resource");

    /// <summary>Update a resource's configuration.</summary>
    public static readonly MandateAction ResourceUpdate = Write("resource.update", "update a resource");

    /// <summary>Destroy a resource.</summary>
    public static readonly MandateAction ResourceDelete = Write("resource.delete", "delete (destroy) a resource");

    /// <summary>Bring an existing cloud object under management.</summary>
    public static readonly MandateAction ResourceImport = Write("resource.import", "import an existing cloud object");

    /// <summary>Re-read a resource from the provider and record the new state.</summary>
    public static readonly MandateAction ResourceRefresh = Write("resource.refresh", "refresh state from the provider");

    /// <summary>Forget a resource without destroying it.</summary>
    public static readonly MandateAction ResourceEject = Write("resource.eject", "stop managing a resource without destroying it");

    // Operations and approvals.

    /// <summary>Read operations, their status, plans and decisions.</summary>
    public static readonly MandateAction OperationRead = Read("operation.read", "read operations, plans and decisions");

    /// <summary>Resume an interrupted or background operation.</summary>
    public static readonly MandateAction OperationResume = Write("operation.resume", "resume an operation");

    /// <summary>Cancel an operation that has not been applied.</summary>
    public static readonly MandateAction OperationCancel = Write("operation.cancel", "cancel an operation");

    /// <summary>Approve or reject a pending operation (never one's own: see <see cref="ApprovalRules"/>).</summary>
    public static readonly MandateAction ApprovalDecide = Write("approval.decide", "approve or reject a pending operation");

    // Policies.

    /// <summary>Read policies, versions, attachments and samples.</summary>
    public static readonly MandateAction PolicyRead = Read("policy.read", "read policies, versions and attachments");

    /// <summary>Create, change or delete a policy.</summary>
    public static readonly MandateAction PolicyWrite = Write("policy.write", "create, change or delete a policy");

    /// <summary>Attach a policy to a project or space.</summary>
    public static readonly MandateAction PolicyAttach = Write("policy.attach", "attach a policy");

    /// <summary>Detach a policy.</summary>
    public static readonly MandateAction PolicyDetach = Write("policy.detach", "detach a policy");

    /// <summary>Evaluate a draft policy against kept samples; changes nothing.</summary>
    public static readonly MandateAction PolicyTest = Read("policy.test", "evaluate a draft policy against samples");

    // Audit.

    /// <summary>Search and read audit entries.</summary>
    public static readonly MandateAction AuditRead = Read("audit.read", "search and read the audit trail");

    /// <summary>Export the audit trail in bulk (JSON Lines).</summary>
    public static readonly MandateAction AuditExport = Read("audit.export", "export the audit trail");

    /// <summary>Verify the audit hash chain.</summary>
    public static readonly MandateAction AuditVerify = Read("audit.verify", "verify the audit hash chain");

    // Locks, integrations, keys and roles.

    /// <summary>See project locks and their holders.</summary>
    public static readonly MandateAction LockRead = Read("lock.read", "see project locks");

    /// <summary>Break another session's project lock.</summary>
    public static readonly MandateAction LockUnlock = Write("lock.unlock", "break a project lock");

    /// <summary>Read integrations (secret fields always redacted).</summary>
    public static readonly MandateAction IntegrationRead = Read("integration.read", "read integrations (secrets redacted)");

    /// <summary>Create, change or delete an integration and its secrets.</summary>
    public static readonly MandateAction IntegrationWrite = Write("integration.write", "create, change or delete integrations");

    /// <summary>Create and revoke API keys.</summary>
    public static readonly MandateAction KeyManage = Write("key.manage", "create and revoke API keys");

    /// <summary>Grant and revoke roles.</summary>
    public static readonly MandateAction RoleManage = Write("role.manage", "grant and revoke roles");

    /// <summary>Every action, in declaration order.</summary>
    public static IReadOnlyList<MandateAction> All { get; } =
    [
        SpaceRead, SpaceManage,
        ProjectRead, ProjectCreate, ProjectUpdate, ProjectLabel, ProjectDelete,
        ResourceRead, ResourcePlan, ResourceCreate, ResourceUpdate, ResourceDelete, ResourceImport, ResourceRefresh, ResourceEject,
        OperationRead, OperationResume, OperationCancel, ApprovalDecide,
        PolicyRead, PolicyWrite, PolicyAttach, PolicyDetach, PolicyTest,
        AuditRead, AuditExport, AuditVerify,
        LockRead, LockUnlock,
        IntegrationRead, IntegrationWrite,
        KeyManage, RoleManage,
    ];

    /// <summary>Finds an action by wire name without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? name, [NotNullWhen(true)] out MandateAction? action)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name, name, StringComparison.Ordinal))
            {
                action = candidate;
                return true;
            }
        }

        action = null;
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private static MandateAction Read(string name, string description) => new(name, mutates: false, description);

    private static MandateAction Write(string name, string description) => new(name, mutates: true, description);
}
