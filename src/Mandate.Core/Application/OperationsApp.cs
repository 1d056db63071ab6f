namespace Mandate.Core.Application;

using Mandate.Core.Access;
using Mandate.Core.Audit;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Stores;

/// <summary>Filters for listing operations; null means any.</summary>
/// <param name="ProjectId">Only this project's operations (then reading its space is authorized).</param>
/// <param name="ResourceId">Only this resource's (needs <paramref name="ProjectId"/>).</param>
/// <param name="Statuses">Only these statuses, e.g. <see cref="OperationStatus.PendingReview"/>.</param>
/// <param name="RequestedBy">Only those requested by this principal.</param>
public sealed record OperationFilter(string? ProjectId = null, string? ResourceId = null,
    IReadOnlyCollection<OperationStatus>? Statuses = null, string? RequestedBy = null)
{
    /// <summary>Operations waiting for an approver.</summary>
    public static OperationFilter PendingReview(string? projectId = null) => new(projectId, Statuses: [OperationStatus.PendingReview]);
}

/// <summary>Operations: read them, list them (pending review included), approve or reject pending ones.</summary>
public sealed partial class OperationsApp
{
    private readonly IMandateStore _store;
    private readonly AccessGuard _guard;
    private readonly OperationService _pipeline;
    private readonly AuditRecorder _audit;
    private readonly TimeProvider _clock;
    private readonly ResultRedactor _redactor;
    private readonly Pipeline.Worker.OperationRecovery? _recovery;

    internal OperationsApp(IMandateStore store, AccessGuard guard, OperationService pipeline, SensitiveAttributes sensitive, TimeProvider clock,
        Pipeline.Worker.OperationRecovery? recovery = null)
    {
        _recovery = recovery;
        _redactor = new ResultRedactor(store, sensitive);
        _store = store;
        _guard = guard;
        _pipeline = pipeline;
        _clock = clock;
        _audit = new AuditRecorder(store, clock);
    }

    /// <summary>One operation: its request (sensitive values redacted), status, plan, policy decision, who requested and decided it.</summary>
    public async Task<OperationDetails> GetAsync(CallContext ctx, string operationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var (operation, _) = await AuthorizeAsync(ctx, operationId, MandateAction.OperationRead, cancellationToken);
        return (await _redactor.DetailsAsync([operation], cancellationToken))[0];
    }

    /// <summary>
    /// An operation's outcome for a caller that got an id back (a long operation still applying when the
    /// call returned): status, error, recovery note, plan and, once applied, the state.
    /// </summary>
    public async Task<OperationResult> GetResultAsync(CallContext ctx, string operationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var (operation, _) = await AuthorizeAsync(ctx, operationId, MandateAction.OperationRead, cancellationToken);
        return await _redactor.RedactAsync(await _pipeline.GetResultAsync(operation.Id, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Operations newest first. With a project, that project's (authorized on its space); without, those
    /// of every project the caller can read — a page may then hold fewer items than asked, and the cursor
    /// still leads on.
    /// </summary>
    public async Task<Page<OperationDetails>> ListAsync(CallContext ctx, OperationFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(filter);
        var query = new OperationQuery(filter.ProjectId, filter.ResourceId, filter.Statuses, filter.RequestedBy);
        if (filter.ProjectId is not null)
        {
            await Lookups.AuthorizedProjectAsync(_store, _guard, ctx, filter.ProjectId, MandateAction.OperationRead, AuditTarget.Project(filter.ProjectId),
                cancellationToken);
            var listed = await _store.Operations.ListAsync(query, page, cancellationToken);
            return new Page<OperationDetails>(await _redactor.DetailsAsync(listed.Items, cancellationToken), listed.NextCursor);
        }

        if (filter.ResourceId is not null)
        {
            throw new MandateException(MandateErrorCodes.InvalidArgument, "filtering operations by resource needs the project too; pass the project id");
        }

        var readable = (await _guard.SpacesAllowingAsync(ctx, MandateAction.OperationRead, cancellationToken)).Select(s => s.Value).ToHashSet(StringComparer.Ordinal);
        var found = await _store.Operations.ListAsync(query, page, cancellationToken);
        var spaces = new Dictionary<string, string?>(StringComparer.Ordinal);
        var visible = new List<OperationRecord>();
        foreach (var operation in found.Items)
        {
            if (!spaces.TryGetValue(operation.ProjectId, out var space))
            {
                space = (await _store.Projects.GetAsync(operation.ProjectId, cancellationToken))?.SpaceId;
                spaces[operation.ProjectId] = space;
            }

            if (space is not null && readable.Contains(space))
            {
                visible.Add(operation);
            }
        }

        return new Page<OperationDetails>(await _redactor.DetailsAsync(visible, cancellationToken), found.NextCursor);
    }

    /// <summary>
    /// Approves a pending operation, naming the plan hash reviewed; it is planned and judged again, then applied.
    /// Nobody approves their own request.
    /// </summary>
    public async Task<OperationResult> ApproveAsync(CallContext ctx, string operationId, string planHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentException.ThrowIfNullOrWhiteSpace(planHash);
        var (operation, _) = await AuthorizeAsync(ctx, operationId, MandateAction.ApprovalDecide, cancellationToken);
        await EnsureNotRequesterAsync(ctx, operation, cancellationToken);
        OperationResult result;
        try
        {
            result = await _pipeline.ApproveAsync(ctx.Actor, operation.Id, planHash, cancellationToken);
        }
        catch (MandateException e)
        {
            await AuditDecisionAsync(ctx, operation, "approve", null, planHash, AuditOutcomes.Failed, e.Code, cancellationToken);
            throw;
        }

        await AuditDecisionAsync(ctx, result.Operation, "approve", null, planHash, AuditOutcomes.Succeeded, null, cancellationToken);
        // A failed operation that kept a partial state wrote its audit entry with that state (OperationApplier).
        if (result.Operation.Status != OperationStatus.Succeeded && result.State is null)
        {
            // The applied case is audited by the pipeline in the transaction that wrote the state.
            await _store.Audit.AppendAsync(OperationAuditEvents.For(result.Operation, result.Decision, ctx.Principal.Id, ctx.Principal.DisplayName,
                _clock.GetUtcNow()), cancellationToken);
        }

        return await _redactor.RedactAsync(result, cancellationToken);
    }

    /// <summary>Rejects a pending operation with a reason; nothing is applied.</summary>
    public async Task<OperationDetails> RejectAsync(CallContext ctx, string operationId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var (operation, _) = await AuthorizeAsync(ctx, operationId, MandateAction.ApprovalDecide, cancellationToken);
        await EnsureNotRequesterAsync(ctx, operation, cancellationToken);
        OperationRecord rejected;
        try
        {
            rejected = await _pipeline.RejectAsync(ctx.Actor, operation.Id, reason, cancellationToken);
        }
        catch (MandateException e)
        {
            await AuditDecisionAsync(ctx, operation, "reject", reason, operation.PlanHash, AuditOutcomes.Failed, e.Code, cancellationToken);
            throw;
        }

        await AuditDecisionAsync(ctx, rejected, "reject", reason, operation.PlanHash, AuditOutcomes.Succeeded, null, cancellationToken);
        return (await _redactor.DetailsAsync([rejected], cancellationToken))[0];
    }

    // The approver role is necessary but not enough: the requester never decides their own operation.
    private async Task EnsureNotRequesterAsync(CallContext ctx, OperationRecord operation, CancellationToken cancellationToken)
    {
        try
        {
            ApprovalRules.EnsureMayDecide(ctx.Principal, operation.RequestedBy, operation.Id);
        }
        catch (MandateException e)
        {
            await _audit.AppendAsync(ctx, AccessGuard.DeniedAction, AuditTarget.Operation(operation.Id, operation.ProjectId, operation.ResourceId),
                AuditOutcomes.Denied,
                new AuditPayloadBuilder().Add("action", MandateAction.ApprovalDecide.Name).Add("code", e.Code).Add("rule", "requester-cannot-decide").Build(),
                cancellationToken);
            throw;
        }
    }

    private async Task<(OperationRecord Operation, ProjectRecord Project)> AuthorizeAsync(CallContext ctx, string operationId, MandateAction action,
        CancellationToken cancellationToken)
    {
        var operation = await Lookups.OperationAsync(_store, operationId, cancellationToken);
        var project = await Lookups.ProjectAsync(_store, operation.ProjectId, cancellationToken);
        // An operation of a project the caller cannot read is answered as an operation that does not exist.
        await _guard.AuthorizeTargetAsync(ctx, Lookups.SpaceOf(project), action, AuditTarget.Operation(operation.Id, operation.ProjectId, operation.ResourceId),
            MandateAction.ProjectRead, Lookups.OperationMissing(operationId), cancellationToken);
        return (operation, project);
    }

    private Task<AuditEntry> AuditDecisionAsync(CallContext ctx, OperationRecord operation, string decision, string? reason, string? planHash, string outcome,
        string? errorCode, CancellationToken cancellationToken) =>
        _audit.AppendAsync(ctx, MandateAction.ApprovalDecide.Name, AuditTarget.Operation(operation.Id, operation.ProjectId, operation.ResourceId),
            outcome,
            new AuditPayloadBuilder().Add("decision", decision).Add("operation", operation.Id).Add("kind", operation.Kind.ToWire())
                .Add("requested_by", operation.RequestedBy).Add("status", operation.Status.ToWire()).Add("plan_hash", planHash)
                .Add("reason", reason).Add("code", errorCode).Build(),
            cancellationToken);
}
