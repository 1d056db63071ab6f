namespace Mandate.Core.Application;

using Mandate.Core.Access;
using Mandate.Core.Audit;
using Mandate.Core.Stores;

/// <summary>
/// The one place the application layer authorizes: loads the caller's role bindings and the space tree
/// from the store and asks the pure <see cref="Authorizer"/>. A denial is written to the audit trail as
/// <c>access.denied</c> (naming the action, the space and the target) before the
/// <see cref="MandateException"/> reaches the caller, so refused attempts leave a trace whatever the transport.
/// </summary>
public sealed class AccessGuard
{
    /// <summary>The audit action of a refused authorization.</summary>
    public const string DeniedAction = "access.denied";

    private readonly IMandateStore _store;
    private readonly AuditRecorder _audit;

    /// <summary>Creates a guard over <paramref name="store"/>; <paramref name="clock"/> stamps denial entries.</summary>
    public AccessGuard(IMandateStore store, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        _store = store;
        _audit = new AuditRecorder(store, clock);
    }

    /// <summary>
    /// Returns when <paramref name="ctx"/>'s principal may perform <paramref name="action"/> in the space it named,
    /// <paramref name="space"/> (to create in it, list it, grant on it); otherwise audits the denial and throws
    /// <c>read_only_credential</c>, <c>forbidden</c>, or <c>not_found</c>. A space the caller may not even read is answered
    /// <c>not_found</c> exactly like a space that does not exist, so space ids cannot be probed; the root, which always
    /// exists, is the exception (there a refusal is <c>forbidden</c>).
    /// </summary>
    public Task<RoleBinding> AuthorizeAsync(CallContext ctx, SpaceId space, MandateAction action, AuditTarget target, CancellationToken cancellationToken) =>
        AuthorizeAsync(ctx, space, action, target,
            space == SpaceId.Root ? null : new Concealment(MandateAction.SpaceRead, SpaceTree.UnknownSpace(space), HidesReadOnly: false), cancellationToken);

    /// <summary>
    /// <see cref="AuthorizeAsync(CallContext, SpaceId, MandateAction, AuditTarget, CancellationToken)"/> for a target the caller
    /// named by id (a project, policy, operation, integration, key) that lives in <paramref name="space"/>. A caller who may not
    /// even read it there (no <paramref name="visibleWith"/> in <paramref name="space"/>) gets <paramref name="notFound"/>, the
    /// very answer a target that does not exist gets, so ids cannot be used to probe spaces the caller has no access to; the
    /// refusal is audited as <c>access.denied</c> all the same, with <c>answered: not_found</c>. Callers who can read the target
    /// but lack the action learn nothing new and get <c>forbidden</c> (or <c>read_only_credential</c>).
    /// </summary>
    public Task<RoleBinding> AuthorizeTargetAsync(CallContext ctx, SpaceId space, MandateAction action, AuditTarget target, MandateAction visibleWith,
        MandateException notFound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visibleWith);
        ArgumentNullException.ThrowIfNull(notFound);
        return AuthorizeAsync(ctx, space, action, target, new Concealment(visibleWith, notFound, HidesReadOnly: true), cancellationToken);
    }

    /// <summary>
    /// Authorizes on a target the caller is already known to be able to see (it read the target in another of its spaces):
    /// a refusal is always <c>forbidden</c> or <c>read_only_credential</c>, never concealed.
    /// </summary>
    public Task<RoleBinding> AuthorizeVisibleTargetAsync(CallContext ctx, SpaceId space, MandateAction action, AuditTarget target,
        CancellationToken cancellationToken) =>
        AuthorizeAsync(ctx, space, action, target, concealment: null, cancellationToken);

    private async Task<RoleBinding> AuthorizeAsync(CallContext ctx, SpaceId space, MandateAction action, AuditTarget target, Concealment? concealment,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(target);
        var (bindings, tree) = await LoadAsync(ctx, cancellationToken);
        try
        {
            return Authorizer.Authorize(ctx.Principal, bindings, tree, space, action);
        }
        catch (MandateException e) when (e.Code is MandateErrorCodes.Forbidden or MandateErrorCodes.ReadOnlyCredential)
        {
            var conceal = concealment is { } c && (e.Code == MandateErrorCodes.Forbidden || c.HidesReadOnly)
                && !(tree.Contains(space) && Authorizer.IsAllowed(ctx.Principal, bindings, tree, space, c.VisibleWith));
            var payload = new AuditPayloadBuilder()
                .Add("action", action.Name)
                .Add("space", space.Value)
                .Add("code", e.Code)
                .Add("session", ctx.SessionId);
            if (conceal)
            {
                payload.Add("answered", MandateErrorCodes.NotFound); // what the caller was told instead of the code
            }

            await _audit.AppendAsync(ctx, DeniedAction, target, AuditOutcomes.Denied, payload.Build(), cancellationToken);
            if (conceal)
            {
                throw concealment!.NotFound;
            }

            throw;
        }
    }

    /// <summary>
    /// Every space in which the caller may perform <paramref name="action"/> (those it holds a granting
    /// role on, and all below them), for lists that span spaces. Never throws for a denial: the list is
    /// simply empty. A read-only key gets no space for a mutating action.
    /// </summary>
    public async Task<IReadOnlyList<SpaceId>> SpacesAllowingAsync(CallContext ctx, MandateAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(action);
        var (bindings, tree) = await LoadAsync(ctx, cancellationToken);
        var spaces = await _store.Spaces.ListAsync(cancellationToken);
        return spaces.Select(s => s.Id).Where(id => Authorizer.IsAllowed(ctx.Principal, bindings, tree, id, action)).ToList();
    }

    /// <summary>True when the caller may perform <paramref name="action"/> in <paramref name="space"/>; nothing is audited.</summary>
    public async Task<bool> IsAllowedAsync(CallContext ctx, SpaceId space, MandateAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(action);
        var (bindings, tree) = await LoadAsync(ctx, cancellationToken);
        return tree.Contains(space) && Authorizer.IsAllowed(ctx.Principal, bindings, tree, space, action);
    }

    /// <summary>The caller's role bindings as stored.</summary>
    public async Task<IReadOnlyList<RoleBinding>> BindingsAsync(CallContext ctx, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        return (await _store.Principals.ListGrantsAsync(ctx.Principal.Id, cancellationToken)).Select(g => g.Binding).ToList();
    }

    /// <summary>The current space tree.</summary>
    public Task<SpaceTree> TreeAsync(CancellationToken cancellationToken) => _store.Spaces.LoadTreeAsync(cancellationToken);

    private async Task<(IReadOnlyList<RoleBinding> Bindings, SpaceTree Tree)> LoadAsync(CallContext ctx, CancellationToken cancellationToken)
    {
        // Both are read per call: a revoked role or a moved space takes effect on the very next request.
        var bindings = await BindingsAsync(ctx, cancellationToken);
        var tree = await _store.Spaces.LoadTreeAsync(cancellationToken);
        return (bindings, tree);
    }

    /// <summary>
    /// How a refusal is answered to a caller who may not see the target: with <paramref name="NotFound"/>, unless the caller
    /// holds <paramref name="VisibleWith"/> in the target's space. <paramref name="HidesReadOnly"/> is false where a target that
    /// does not exist is refused as <c>read_only_credential</c> too (the authorizer checks the key's scope before the space).
    /// </summary>
    private sealed record Concealment(MandateAction VisibleWith, MandateException NotFound, bool HidesReadOnly);
}
