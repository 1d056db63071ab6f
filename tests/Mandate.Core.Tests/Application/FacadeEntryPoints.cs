namespace Mandate.Core.Tests.Application;

using System.Text.Json.Nodes;
using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Core.Pipeline;
using Mandate.Core.Stores;

/// <summary>One public facade method as the matrix calls it.</summary>
/// <param name="Method">"Type.Method", matched against the facade's public methods by reflection.</param>
/// <param name="Actions">The actions it authorizes (all must be granted); empty when it needs none.</param>
/// <param name="RootOnly">True when it is authorized on the root space whatever the location (whole-trail audit).</param>
/// <param name="Filters">True for a list that leaves out what the caller may not see instead of refusing.</param>
/// <param name="NamesSpace">True when the caller names the location's space itself (create in it, list it, grant on it) rather than a
/// target in it by id. Either way a refusal where the caller cannot read the space is <c>not_found</c>, as if the target (or the
/// space) did not exist; only the root, which always exists, answers <c>forbidden</c> when named.</param>
/// <param name="Call">Runs it against fresh targets in the location's space; returns whether the location's item was
/// visible (lists that filter rather than refuse) or true; throws what the facade throws.</param>
internal sealed record FacadeEntryPoint(string Method, MandateAction[] Actions, bool RootOnly, bool Filters, bool NamesSpace,
    Func<AppWorld, CallContext, SpaceId, Task<bool>> Call)
{
    public bool Mutates => Actions.Any(a => a.Mutates);

    public override string ToString() => Method;
}

/// <summary>Every public entry point of the application layer, each with what it authorizes.</summary>
internal static class FacadeEntryPoints
{
    private static readonly PageRequest Page = new(null, 10);

    public static IReadOnlyList<FacadeEntryPoint> All { get; } =
    [
        // Projects.
        E("ProjectsApp.ListAsync", [MandateAction.ProjectRead], async (w, c, s) =>
        {
            var project = await w.ProjectAsync(s);
            return (await w.Core.Projects.ListAsync(c, s, new PageRequest(null, 500))).Items.Any(p => p.Id == project.Id);
        }, namesSpace: true),
        E("ProjectsApp.GetAsync", [MandateAction.ProjectRead], async (w, c, s) => (await w.Core.Projects.GetAsync(c, (await w.ProjectAsync(s)).Id)) is not null),
        E("ProjectsApp.CreateAsync", [MandateAction.ProjectCreate], async (w, c, s) =>
            (await w.Core.Projects.CreateAsync(c, new ProjectCreateRequest(s, w.Unique("new-project")))) is not null, namesSpace: true),
        E("ProjectsApp.UpdateAsync", [MandateAction.ProjectUpdate], async (w, c, s) =>
            (await w.Core.Projects.UpdateAsync(c, (await w.ProjectAsync(s)).Id, "changed", null)) is not null),
        E("ProjectsApp.SetLabelsAsync", [MandateAction.ProjectLabel], async (w, c, s) =>
            (await w.Core.Projects.SetLabelsAsync(c, (await w.ProjectAsync(s)).Id, ["production"])) is not null),
        E("ProjectsApp.DeleteAsync", [MandateAction.ProjectDelete], async (w, c, s) =>
        {
            await w.Core.Projects.DeleteAsync(c, (await w.ProjectAsync(s)).Id);
            return true;
        }),

        // Resources.
        E("ResourcesApp.ListAsync", [MandateAction.ResourceRead], async (w, c, s) =>
        {
            var project = await w.ProjectAsync(s);
            await w.ResourceAsync(project);
            return (await w.Core.Resources.ListAsync(c, project.Id, null, Page)).Items.Count == 1;
        }),
        E("ResourcesApp.GetAsync", [MandateAction.ResourceRead], async (w, c, s) =>
        {
            var project = await w.ProjectAsync(s);
            return (await w.Core.Resources.GetAsync(c, project.Id, (await w.ResourceAsync(project)).ResourceId)) is not null;
        }),
        E("ResourcesApp.HistoryAsync", [MandateAction.ResourceRead], async (w, c, s) =>
        {
            var project = await w.ProjectAsync(s);
            return (await w.Core.Resources.HistoryAsync(c, project.Id, (await w.ResourceAsync(project)).ResourceId, Page)).Items.Count == 1;
        }),
        E("ResourcesApp.DependenciesAsync", [MandateAction.ResourceRead], async (w, c, s) =>
        {
            var project = await w.ProjectAsync(s);
            return (await w.Core.Resources.DependenciesAsync(c, project.Id, (await w.ResourceAsync(project)).ResourceId)) is not null;
        }),
        E("ResourcesApp.CreateAsync", [MandateAction.ResourceCreate], async (w, c, s) =>
            (await w.Core.Resources.CreateAsync(c, (await w.ProjectAsync(s)).Id, "new-bucket", "aws_s3_bucket", new JsonObject { ["bucket"] = "x" })) is not null),
        E("ResourcesApp.UpdateAsync", [MandateAction.ResourceUpdate], async (w, c, s) =>
        {
            var project = await w.ProjectAsync(s);
            var resource = await w.ResourceAsync(project);
            return (await w.Core.Resources.UpdateAsync(c, project.Id, resource.ResourceId, new JsonObject { ["tags"] = new JsonObject { ["a"] = "b" } }, false)) is not null;
        }),
        E("ResourcesApp.DeleteAsync", [MandateAction.ResourceDelete], async (w, c, s) =>
        {
            var project = await w.ProjectAsync(s);
            return (await w.Core.Resources.DeleteAsync(c, project.Id, (await w.ResourceAsync(project)).ResourceId, cascade: false)) is not null;
        }),
        E("ResourcesApp.PlanAsync", [MandateAction.ResourcePlan], async (w, c, s) =>
            (await w.Core.Resources.PlanAsync(c, (await w.ProjectAsync(s)).Id, "planned", PlanIntent.Create("aws_s3_bucket", new JsonObject { ["bucket"] = "x" }))) is not null),
        E("ResourcesApp.ImportAsync", [MandateAction.ResourceImport], async (w, c, s) =>
            (await w.Core.Resources.ImportAsync(c, (await w.ProjectAsync(s)).Id, "adopted", "aws_s3_bucket", "existing-bucket", null)) is not null),
        E("ResourcesApp.RefreshAsync", [MandateAction.ResourceRefresh], async (w, c, s) =>
        {
            var project = await w.ProjectAsync(s);
            return (await w.Core.Resources.RefreshAsync(c, project.Id, (await w.ResourceAsync(project)).ResourceId)) is not null;
        }),
        E("ResourcesApp.EjectAsync", [MandateAction.ResourceEject], async (w, c, s) =>
        {
            var project = await w.ProjectAsync(s);
            return (await w.Core.Resources.EjectAsync(c, project.Id, (await w.ResourceAsync(project)).ResourceId)) is not null;
        }),

        // Operations and approvals.
        E("OperationsApp.GetAsync", [MandateAction.OperationRead], async (w, c, s) =>
            (await w.Core.Operations.GetAsync(c, (await w.PendingOperationAsync(await w.ProjectAsync(s))).Id)) is not null),
        E("OperationsApp.GetResultAsync", [MandateAction.OperationRead], async (w, c, s) =>
            (await w.Core.Operations.GetResultAsync(c, (await w.PendingOperationAsync(await w.ProjectAsync(s))).Id)) is not null),
        E("OperationsApp.ListAsync", [MandateAction.OperationRead], async (w, c, s) =>
        {
            var project = await w.ProjectAsync(s);
            await w.PendingOperationAsync(project);
            return (await w.Core.Operations.ListAsync(c, OperationFilter.PendingReview(project.Id), Page)).Items.Count == 1;
        }),
        E("OperationsApp.ApproveAsync", [MandateAction.ApprovalDecide], async (w, c, s) =>
            (await w.Core.Operations.ApproveAsync(c, (await w.PendingOperationAsync(await w.ProjectAsync(s))).Id, "plan-hash")) is not null),
        E("OperationsApp.RejectAsync", [MandateAction.ApprovalDecide], async (w, c, s) =>
            (await w.Core.Operations.RejectAsync(c, (await w.PendingOperationAsync(await w.ProjectAsync(s))).Id, "not now")) is not null),
        // A pending operation comes back as it stands, so the call needs no provider; it still needs operation.resume.
        E("OperationsApp.ResumeAsync", [MandateAction.OperationResume], async (w, c, s) =>
            (await w.Core.Operations.ResumeAsync(c, (await w.PendingOperationAsync(await w.ProjectAsync(s))).Id, TimeSpan.Zero)) is not null),

        // Policies.
        E("PoliciesApp.ListAsync", [MandateAction.PolicyRead], async (w, c, s) =>
        {
            var policy = await w.PolicyAsync(s);
            return (await w.Core.Policies.ListAsync(c, s, new PageRequest(null, 500))).Items.Any(p => p.Id == policy.Id);
        }, namesSpace: true),
        E("PoliciesApp.GetAsync", [MandateAction.PolicyRead], async (w, c, s) =>
            (await w.Core.Policies.GetAsync(c, (await w.PolicyAsync(s)).Id)).Rego == AppWorld.PolicyRego),
        E("PoliciesApp.CreateAsync", [MandateAction.PolicyWrite], async (w, c, s) =>
            (await w.Core.Policies.CreateAsync(c, new PolicyCreateRequest(s, w.Unique("new-policy"), AppWorld.PolicyRego))) is not null, namesSpace: true),
        E("PoliciesApp.UpdateAsync", [MandateAction.PolicyWrite], async (w, c, s) =>
            (await w.Core.Policies.UpdateAsync(c, (await w.PolicyAsync(s)).Id, new PolicyUpdateRequest(Description: "v2"))).CurrentVersion == 2),
        E("PoliciesApp.DeleteAsync", [MandateAction.PolicyWrite], async (w, c, s) =>
        {
            await w.Core.Policies.DeleteAsync(c, (await w.PolicyAsync(s)).Id);
            return true;
        }),
        E("PoliciesApp.AttachAsync", [MandateAction.PolicyAttach], async (w, c, s) =>
        {
            await w.Core.Policies.AttachAsync(c, (await w.PolicyAsync(s)).Id, (await w.ProjectAsync(s)).Id);
            return true;
        }),
        E("PoliciesApp.DetachAsync", [MandateAction.PolicyDetach], async (w, c, s) =>
        {
            var policy = await w.PolicyAsync(s);
            var project = await w.ProjectAsync(s);
            await w.AttachAsync(policy, project);
            return await w.Core.Policies.DetachAsync(c, policy.Id, project.Id);
        }),
        E("PoliciesApp.TestDraftAsync", [MandateAction.PolicyTest], async (w, c, s) =>
            (await w.Core.Policies.TestDraftAsync(c, (await w.PolicyAsync(s)).Id, AppWorld.PolicyRego)) is not null),

        // Audit.
        E("AuditApp.SearchAsync", [MandateAction.AuditRead], async (w, c, s) =>
            (await w.Core.Audit.SearchAsync(c, new AuditQuery(ProjectId: (await w.ProjectAsync(s)).Id), Page)) is not null),
        E("AuditApp.ExportAsync", [MandateAction.AuditExport], async (w, c, _) =>
        {
            var count = 0;
            await foreach (var entry in await w.Core.Audit.ExportAsync(c))
            {
                count++;
            }

            return count > 0;
        }, rootOnly: true),
        E("AuditApp.VerifyAsync", [MandateAction.AuditVerify], async (w, c, _) => (await w.Core.Audit.VerifyAsync(c)).IsIntact, rootOnly: true),

        // Locks.
        E("LocksApp.StatusAsync", [MandateAction.LockRead], async (w, c, s) =>
        {
            var project = await w.ProjectAsync(s);
            await w.LockAsync(project);
            return (await w.Core.Locks.StatusAsync(c, project.Id)).Locked;
        }),
        E("LocksApp.UnlockAsync", [MandateAction.LockUnlock], async (w, c, s) =>
        {
            var project = await w.ProjectAsync(s);
            await w.LockAsync(project);
            return await w.Core.Locks.UnlockAsync(c, project.Id);
        }),

        // Spaces, principals, keys, roles.
        E("AccessApp.DescribeCallerAsync", [], async (w, c, _) => (await w.Core.Access.DescribeCallerAsync(c)).Principal == c.Principal),
        E("AccessApp.ListSpacesAsync", [MandateAction.SpaceRead], async (w, c, s) => (await w.Core.Access.ListSpacesAsync(c)).Any(x => x.Id == s), filters: true),
        E("AccessApp.CreateSpaceAsync", [MandateAction.SpaceManage], async (w, c, s) =>
            (await w.Core.Access.CreateSpaceAsync(c, new SpaceId(w.Unique("space")), s)) is not null, namesSpace: true),
        E("AccessApp.CreateUserAsync", [MandateAction.RoleManage], async (w, c, s) =>
            (await w.Core.Access.CreateUserAsync(c, new UserCreateRequest(w.Unique("user"), "New User", s, Role.Reader))) is not null, namesSpace: true),
        E("AccessApp.CreateApiKeyAsync", [MandateAction.KeyManage, MandateAction.RoleManage], async (w, c, s) =>
            (await w.Core.Access.CreateApiKeyAsync(c, new ApiKeyCreateRequest(KeyScope.Read, s, Role.Reader))) is not null, namesSpace: true),
        E("AccessApp.RevokeApiKeyAsync", [MandateAction.KeyManage], async (w, c, s) =>
        {
            var (key, _) = await w.KeyAsync(s, Role.Reader, KeyScope.Read);
            await w.Core.Access.RevokeApiKeyAsync(c, key.Principal.Id);
            return true;
        }),
        E("AccessApp.GrantRoleAsync", [MandateAction.RoleManage], async (w, c, s) =>
        {
            var user = await w.UserAsync(w.Unique("grantee"), AppWorld.Sibling, Role.Reader);
            await w.Core.Access.GrantRoleAsync(c, user.Principal.Id, s, Role.Operator);
            return true;
        }, namesSpace: true),
        E("AccessApp.RevokeRoleAsync", [MandateAction.RoleManage], async (w, c, s) =>
        {
            var user = await w.UserAsync(w.Unique("revokee"), s, Role.Reader);
            return await w.Core.Access.RevokeRoleAsync(c, user.Principal.Id, s, Role.Reader);
        }, namesSpace: true),

        // Cloud integrations; attaching one changes the project and reads the integration.
        E("IntegrationsApp.ListAsync", [MandateAction.IntegrationRead], async (w, c, s) =>
        {
            var integration = await w.IntegrationAsync(s);
            return (await w.Core.Integrations.ListAsync(c, new PageRequest(null, 500))).Items.Any(i => i.Id == integration.Id);
        }, filters: true),
        E("IntegrationsApp.GetAsync", [MandateAction.IntegrationRead], async (w, c, s) =>
            (await w.Core.Integrations.GetAsync(c, (await w.IntegrationAsync(s)).Id)) is not null),
        E("IntegrationsApp.CreateAsync", [MandateAction.IntegrationWrite], async (w, c, s) =>
            (await w.Core.Integrations.CreateAsync(c, new global::Mandate.Core.Integrations.IntegrationCreate(s.Value, w.Unique("integration"), "aws",
                new JsonObject { ["region"] = "eu-west-1" }))) is not null, namesSpace: true),
        E("IntegrationsApp.UpdateAsync", [MandateAction.IntegrationWrite], async (w, c, s) =>
            (await w.Core.Integrations.UpdateAsync(c, (await w.IntegrationAsync(s)).Id, new global::Mandate.Core.Integrations.IntegrationChange(ReadOnly: true))) is not null),
        E("IntegrationsApp.DeleteAsync", [MandateAction.IntegrationWrite], async (w, c, s) =>
        {
            await w.Core.Integrations.DeleteAsync(c, (await w.IntegrationAsync(s)).Id);
            return true;
        }),
        E("IntegrationsApp.AttachAsync", [MandateAction.ProjectUpdate, MandateAction.IntegrationRead], async (w, c, s) =>
            (await w.Core.Integrations.AttachAsync(c, (await w.ProjectAsync(s)).Id, "hashicorp/aws", (await w.IntegrationAsync(s)).Id)) is not null),
        E("IntegrationsApp.DetachAsync", [MandateAction.ProjectUpdate], async (w, c, s) =>
            await w.Core.Integrations.DetachAsync(c, (await w.ProjectAsync(s)).Id, "hashicorp/aws") || true),
        E("IntegrationsApp.AttachmentsAsync", [MandateAction.ProjectRead], async (w, c, s) =>
            (await w.Core.Integrations.AttachmentsAsync(c, (await w.ProjectAsync(s)).Id)) is not null),
    ];

    /// <summary>The public facade types whose every public method must appear in <see cref="All"/>.</summary>
    public static IReadOnlyList<Type> FacadeTypes { get; } =
        [typeof(ProjectsApp), typeof(ResourcesApp), typeof(OperationsApp), typeof(PoliciesApp), typeof(AuditApp), typeof(LocksApp), typeof(AccessApp),
            typeof(IntegrationsApp)];

    private static FacadeEntryPoint E(string method, MandateAction[] actions, Func<AppWorld, CallContext, SpaceId, Task<bool>> call, bool rootOnly = false,
        bool filters = false, bool namesSpace = false) =>
        new(method, actions, rootOnly, filters, namesSpace || rootOnly || filters, call);
}
