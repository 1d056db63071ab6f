namespace Mandate.Core.Application;

using Mandate.Core.Audit;
using Mandate.Core.Stores;

/// <summary>
/// Appends audit entries for the application layer with the real actor. Pass the transaction as
/// <paramref name="session"/> when the entry must land with the change it describes.
/// </summary>
internal sealed class AuditRecorder(IMandateStore store, TimeProvider clock)
{
    public Task<AuditEntry> AppendAsync(CallContext ctx, string action, AuditTarget target, string outcome, AuditPayload payload,
        CancellationToken cancellationToken, IStoreSession? session = null) =>
        AppendAsync(ctx.Principal.Id, ctx.Principal.DisplayName, action, target, outcome, payload, cancellationToken, session);

    public Task<AuditEntry> AppendAsync(string actorId, string actorDisplay, string action, AuditTarget target, string outcome, AuditPayload payload,
        CancellationToken cancellationToken, IStoreSession? session = null) =>
        (session ?? store).Audit.AppendAsync(
            new AuditEvent(clock.GetUtcNow(), actorId, actorDisplay, action, target.Kind, target.Id, target.ProjectId, target.ResourceId, outcome, payload),
            cancellationToken);
}
