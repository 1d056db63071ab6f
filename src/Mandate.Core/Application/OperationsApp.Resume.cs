namespace Mandate.Core.Application;

using Mandate.Core.Access;
using Mandate.Core.Audit;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;

/// <summary>Resuming an operation: continue one left queued, settle one whose applier died, or wait (bounded) for one in flight.</summary>
public sealed partial class OperationsApp
{
    /// <summary>
    /// Brings an unfinished operation as far as it can go and returns it, waiting at most <paramref name="wait"/>:
    /// an operation left queued is claimed and applied here (planned again, applied only if the plan is the one
    /// decided, policies judged again); one left applying by a process that died (its lease lapsed) is reconciled
    /// with what the provider reports, never applied again; one still applying elsewhere is waited for. Pending
    /// and ended operations come back as they stand. Needs <c>operation.resume</c> on the project's space.
    /// </summary>
    public async Task<OperationResult> ResumeAsync(CallContext ctx, string operationId, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var (operation, _) = await AuthorizeAsync(ctx, operationId, MandateAction.OperationResume, cancellationToken);
        if (operation.Status == OperationStatus.Applying && _recovery is not null)
        {
            // Only operations whose lease lapsed are taken over; a live applier is left alone and waited for below.
            await _recovery.ReconcileAsync(cancellationToken);
            operation = await Lookups.OperationAsync(_store, operation.Id, cancellationToken);
        }

        var continued = operation.Status == OperationStatus.Queued;
        var result = await _pipeline.ResumeAsync(operation, wait, cancellationToken);
        if (continued)
        {
            var target = AuditTarget.Operation(operation.Id, operation.ProjectId, operation.ResourceId);
            await _audit.AppendAsync(ctx, MandateAction.OperationResume.Name, target, AuditOutcomes.Succeeded,
                new AuditPayloadBuilder().Add("operation", operation.Id).Add("kind", operation.Kind.ToWire())
                    .Add("status", result.Operation.Status.ToWire()).Build(), cancellationToken);
            if (result.Operation.Status is OperationStatus.Failed or OperationStatus.Denied)
            {
                // An applied operation is audited with its state write; one that ended without writing state is recorded here.
                await _store.Audit.AppendAsync(OperationAuditEvents.For(result.Operation, result.Decision, ctx.Principal.Id, ctx.Principal.DisplayName,
                    _clock.GetUtcNow()), cancellationToken);
            }
        }

        return await _redactor.RedactAsync(result, cancellationToken);
    }
}
