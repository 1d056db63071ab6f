namespace Mandate.Core.Application;

using Mandate.Core.Access;
using Mandate.Core.Audit;
using Mandate.Core.Model;
using Mandate.Core.Policies;
using Mandate.Core.Stores;

/// <summary>A new intent policy.</summary>
/// <param name="Space">The space it lives in: it may be attached to projects in that space and below.</param>
/// <param name="Name">Unique within the space.</param>
/// <param name="Rego">The Rego module; it must compile.</param>
/// <param name="Description">Free text.</param>
/// <param name="Labels">e.g. <c>autoattach:production</c> or <c>autoattach:*</c>.</param>
public sealed record PolicyCreateRequest(SpaceId Space, string Name, string Rego, string Description = "", IReadOnlyList<string>? Labels = null);

/// <summary>A change to a policy; null leaves a field as it is. Every change is a new version.</summary>
public sealed record PolicyUpdateRequest(string? Rego = null, string? Description = null, IReadOnlyList<string>? Labels = null);

/// <summary>A policy with the Rego of its current version.</summary>
public sealed record PolicyDetails(PolicyRecord Policy, string Rego);

/// <summary>A draft judged against the policy's kept samples.</summary>
/// <param name="Changed">How many samples the draft decides differently from the recorded decision.</param>
public sealed record PolicyDraftTest(string PolicyId, int Changed, IReadOnlyList<DraftComparison> Comparisons);

/// <summary>Intent policies: read, write (new versions), delete, attach to projects, and test drafts on samples.</summary>
public sealed partial class PoliciesApp
{
    private const int MaxNameLength = 100;

    private readonly IMandateStore _store;
    private readonly AccessGuard _guard;
    private readonly PolicyGate _gate;
    private readonly AuditRecorder _audit;
    private readonly TimeProvider _clock;

    internal PoliciesApp(IMandateStore store, AccessGuard guard, PolicyGate gate, TimeProvider clock)
    {
        _store = store;
        _guard = guard;
        _gate = gate;
        _clock = clock;
        _audit = new AuditRecorder(store, clock);
    }

    /// <summary>Policies the caller may read, by name; within <paramref name="space"/> (authorized) when given.</summary>
    public async Task<Page<PolicyRecord>> ListAsync(CallContext ctx, SpaceId? space, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        IReadOnlyList<SpaceId> spaces;
        if (space is { } within)
        {
            await _guard.AuthorizeAsync(ctx, within, MandateAction.PolicyRead, AuditTarget.Space(within.Value), cancellationToken);
            spaces = [within];
        }
        else
        {
            spaces = await _guard.SpacesAllowingAsync(ctx, MandateAction.PolicyRead, cancellationToken);
        }

        return spaces.Count == 0
            ? new Page<PolicyRecord>([], null)
            : await _store.Policies.ListAsync(spaces.Select(s => s.Value).ToList(), page, cancellationToken);
    }

    /// <summary>A policy by id, or by name in <paramref name="space"/>, with its current Rego.</summary>
    public async Task<PolicyDetails> GetAsync(CallContext ctx, string idOrName, SpaceId? space = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrName);
        var missing = new MandateException(MandateErrorCodes.NotFound,
            $"no policy with id '{idOrName}' or named '{idOrName}' in space '{space ?? SpaceId.Root}'; list policies to see them",
            new Dictionary<string, object?> { ["policy"] = idOrName });
        var policy = await _store.Policies.GetAsync(idOrName, cancellationToken)
            ?? await _store.Policies.FindByNameAsync((space ?? SpaceId.Root).Value, idOrName, cancellationToken)
            ?? throw missing;
        await _guard.AuthorizeTargetAsync(ctx, Lookups.SpaceOf(policy), MandateAction.PolicyRead, AuditTarget.Policy(policy.Id), MandateAction.PolicyRead, missing,
            cancellationToken);
        return new PolicyDetails(policy, await CurrentBodyAsync(policy, cancellationToken));
    }

    /// <summary>Creates a policy; Rego that does not compile is refused with each error's file:line:col.</summary>
    public async Task<PolicyRecord> CreateAsync(CallContext ctx, PolicyCreateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(request);
        await _guard.AuthorizeAsync(ctx, request.Space, MandateAction.PolicyWrite, AuditTarget.Space(request.Space.Value), cancellationToken);
        var name = ValidName(request.Name);
        EnsureCompiles(name, request.Rego);
        var now = _clock.GetUtcNow();
        var policy = new PolicyRecord(Ids.New("pol", _clock), request.Space.Value, name, request.Description ?? string.Empty,
            Labels(request.Labels ?? []), 1, ctx.Principal.Id, now, now);
        await using var transaction = await _store.BeginAsync(cancellationToken);
        await transaction.Policies.CreateAsync(policy, new PolicyVersionRecord(policy.Id, 1, request.Rego, ctx.Principal.Id, now), cancellationToken);
        await _audit.AppendAsync(ctx, MandateAction.PolicyWrite.Name, AuditTarget.Policy(policy.Id), AuditOutcomes.Succeeded,
            Describe(policy, "create", request.Rego).Build(), cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
        return policy;
    }

    /// <summary>Changes a policy: a new version becomes current (earlier ones are kept).</summary>
    public async Task<PolicyRecord> UpdateAsync(CallContext ctx, string policyId, PolicyUpdateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(request);
        var policy = await AuthorizePolicyAsync(ctx, policyId, MandateAction.PolicyWrite, cancellationToken);
        var body = request.Rego ?? await CurrentBodyAsync(policy, cancellationToken);
        EnsureCompiles(policy.Name, body);
        var now = _clock.GetUtcNow();
        var updated = policy with
        {
            Description = request.Description ?? policy.Description,
            Labels = request.Labels is null ? policy.Labels : Labels(request.Labels),
            CurrentVersion = policy.CurrentVersion + 1,
            UpdatedAt = now,
        };
        await using var transaction = await _store.BeginAsync(cancellationToken);
        await transaction.Policies.AddVersionAsync(updated, new PolicyVersionRecord(policy.Id, updated.CurrentVersion, body, ctx.Principal.Id, now),
            cancellationToken);
        await _audit.AppendAsync(ctx, MandateAction.PolicyWrite.Name, AuditTarget.Policy(policy.Id), AuditOutcomes.Succeeded,
            Describe(updated, "update", body).Build(), cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
        return updated;
    }

    /// <summary>Deletes a policy with its versions and attachments.</summary>
    public async Task DeleteAsync(CallContext ctx, string policyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var policy = await AuthorizePolicyAsync(ctx, policyId, MandateAction.PolicyWrite, cancellationToken);
        await using var transaction = await _store.BeginAsync(cancellationToken);
        await transaction.Policies.DeleteAsync(policy.Id, cancellationToken);
        await _audit.AppendAsync(ctx, MandateAction.PolicyWrite.Name, AuditTarget.Policy(policy.Id), AuditOutcomes.Succeeded,
            new AuditPayloadBuilder().Add("change", "delete").Add("name", policy.Name).Add("space", policy.SpaceId).Build(), cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Attaches a policy to a project (authorized on the project's space). The policy must live in the
    /// project's space or above it, so a policy never reaches across to a sibling space.
    /// </summary>
    public async Task AttachAsync(CallContext ctx, string policyId, string projectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var (policy, project) = await AuthorizeAttachmentAsync(ctx, policyId, projectId, MandateAction.PolicyAttach, cancellationToken);
        await using var transaction = await _store.BeginAsync(cancellationToken);
        await transaction.Policies.AttachAsync(new PolicyAttachmentRecord(policy.Id, project.Id, ctx.Principal.Id, _clock.GetUtcNow()), cancellationToken);
        await _audit.AppendAsync(ctx, MandateAction.PolicyAttach.Name, new AuditTarget("policy", policy.Id, project.Id), AuditOutcomes.Succeeded,
            new AuditPayloadBuilder().Add("policy", policy.Id).Add("policy_name", policy.Name).Add("project", project.Id).Add("project_name", project.Name).Build(),
            cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Detaches a policy from a project; false when it was not attached.</summary>
    public async Task<bool> DetachAsync(CallContext ctx, string policyId, string projectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var project = await Lookups.AuthorizedProjectAsync(_store, _guard, ctx, projectId, MandateAction.PolicyDetach, new AuditTarget("policy", policyId, projectId), cancellationToken);
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var detached = await transaction.Policies.DetachAsync(policyId, project.Id, cancellationToken);
        await _audit.AppendAsync(ctx, MandateAction.PolicyDetach.Name, new AuditTarget("policy", policyId, project.Id),
            detached ? AuditOutcomes.Succeeded : AuditOutcomes.Failed,
            new AuditPayloadBuilder().Add("policy", policyId).Add("project", project.Id).Add("was_attached", detached).Build(), cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
        return detached;
    }

    /// <summary>
    /// Judges <paramref name="draftRego"/> against the policy's kept samples (up to <paramref name="limit"/>, newest first)
    /// and reports where the decision would change. Changes nothing.
    /// </summary>
    public async Task<PolicyDraftTest> TestDraftAsync(CallContext ctx, string policyId, string draftRego, int limit = 100,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(draftRego);
        var policy = await AuthorizePolicyAsync(ctx, policyId, MandateAction.PolicyTest, cancellationToken);
        EnsureCompiles(policy.Name + " (draft)", draftRego);
        var comparisons = await _gate.CompareDraftAsync(policy.Id, draftRego, Math.Clamp(limit, 1, PageRequest.MaxLimit), cancellationToken);
        return new PolicyDraftTest(policy.Id, comparisons.Count(c => c.Changed), comparisons);
    }

    private async Task<PolicyRecord> AuthorizePolicyAsync(CallContext ctx, string policyId, MandateAction action, CancellationToken cancellationToken)
    {
        var policy = await Lookups.PolicyAsync(_store, policyId, cancellationToken);
        await _guard.AuthorizeTargetAsync(ctx, Lookups.SpaceOf(policy), action, AuditTarget.Policy(policy.Id), MandateAction.PolicyRead,
            Lookups.PolicyMissing(policyId), cancellationToken);
        return policy;
    }

    private async Task<(PolicyRecord Policy, ProjectRecord Project)> AuthorizeAttachmentAsync(CallContext ctx, string policyId, string projectId,
        MandateAction action, CancellationToken cancellationToken)
    {
        // The project first: a caller who cannot read it gets the answer a missing project gets, whatever policy it named.
        var project = await Lookups.AuthorizedProjectAsync(_store, _guard, ctx, projectId, action, new AuditTarget("policy", policyId, projectId), cancellationToken);
        var policy = await Lookups.PolicyAsync(_store, policyId, cancellationToken);
        var tree = await _guard.TreeAsync(cancellationToken);
        if (!tree.IsSameOrDescendantOf(Lookups.SpaceOf(project), Lookups.SpaceOf(policy)))
        {
            // Policies above the project apply to it and may be named; any other policy the caller cannot read does not exist for them.
            if (!await _guard.IsAllowedAsync(ctx, Lookups.SpaceOf(policy), MandateAction.PolicyRead, cancellationToken))
            {
                throw Lookups.PolicyMissing(policyId);
            }

            throw new MandateException(MandateErrorCodes.InvalidArgument,
                $"policy '{policy.Name}' lives in space '{policy.SpaceId}', which is not project '{project.Name}''s space '{project.SpaceId}' or above it; " +
                "attach a policy from the project's space or one of its ancestors",
                new Dictionary<string, object?> { ["policy"] = policy.Id, ["project"] = project.Id });
        }

        return (policy, project);
    }

    private async Task<string> CurrentBodyAsync(PolicyRecord policy, CancellationToken cancellationToken) =>
        (await _store.Policies.GetVersionAsync(policy.Id, policy.CurrentVersion, cancellationToken))?.Body
        ?? throw new MandateException(MandateErrorCodes.Internal, $"policy '{policy.Name}' has no version {policy.CurrentVersion}");

    private static AuditPayloadBuilder Describe(PolicyRecord policy, string change, string body) => new AuditPayloadBuilder()
        .Add("change", change)
        .Add("name", policy.Name)
        .Add("space", policy.SpaceId)
        .Add("version", policy.CurrentVersion)
        .Add("labels", policy.Labels)
        .Add("rego_sha256", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(body))));

    private static void EnsureCompiles(string name, string rego)
    {
        if (string.IsNullOrWhiteSpace(rego))
        {
            throw new MandateException(MandateErrorCodes.InvalidArgument, "the policy's Rego is empty; give a module starting with 'package'");
        }

        var errors = IntentPolicyEvaluator.Check(rego, $"{name}.rego");
        if (errors.Count > 0)
        {
            throw new MandateException(MandateErrorCodes.InvalidArgument,
                $"the Rego of policy '{name}' does not compile: {string.Join("; ", errors)}",
                new Dictionary<string, object?> { ["errors"] = errors.ToArray() });
        }
    }

    private static string ValidName(string name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0 || trimmed.Length > MaxNameLength || trimmed.Any(c => char.IsControl(c) || c is '/' or '\\'))
        {
            throw new MandateException(MandateErrorCodes.InvalidArgument,
                $"policy name '{name}' is not valid: a name is 1-{MaxNameLength} printable characters without slashes, e.g. 'no-public-buckets'",
                new Dictionary<string, object?> { ["name"] = name });
        }

        return trimmed;
    }

    private static List<string> Labels(IReadOnlyList<string> labels)
    {
        foreach (var label in labels)
        {
            if (string.IsNullOrWhiteSpace(label) || label.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            {
                throw new MandateException(MandateErrorCodes.InvalidArgument,
                    $"label '{label}' is not valid: a label has no spaces, e.g. 'autoattach:production'", new Dictionary<string, object?> { ["label"] = label });
            }
        }

        return labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }
}
