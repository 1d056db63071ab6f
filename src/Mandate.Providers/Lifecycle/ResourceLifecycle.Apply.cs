using Mandate.Providers.Cty;
using Mandate.Providers.Messages;

namespace Mandate.Providers.Lifecycle;

/// <summary>Applying plans: create, update, delete and both orders of replacement.</summary>
public sealed partial class ResourceLifecycle
{
    /// <summary>Carries out <paramref name="plan"/>. Refuses a plan that did not succeed.</summary>
    public async Task<ApplyResult> ApplyAsync(ResourcePlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!plan.Succeeded)
        {
            throw new ArgumentException("The plan has errors and cannot be applied: " + plan.Diagnostics.Describe(), nameof(plan));
        }

        var schemaVersion = await SchemaVersionAsync(plan.TypeName, cancellationToken).ConfigureAwait(false);
        switch (plan.Action)
        {
            case ChangeAction.NoOp:
                return new ApplyResult(plan.Prior, []);
            case ChangeAction.Create:
            case ChangeAction.Update:
                return await ApplyChangeAsync(plan, plan.Prior, schemaVersion, cancellationToken).ConfigureAwait(false);
            case ChangeAction.Delete:
                return await ApplyDestroyAsync(plan, cancellationToken).ConfigureAwait(false);
            case ChangeAction.DeleteThenCreate:
            {
                var deleted = await ApplyDestroyAsync(plan, cancellationToken).ConfigureAwait(false);
                if (!deleted.Succeeded)
                {
                    return deleted;
                }

                var created = await ApplyChangeAsync(plan, prior: null, schemaVersion, cancellationToken).ConfigureAwait(false);
                return created with { Diagnostics = [.. deleted.Diagnostics, .. created.Diagnostics] };
            }

            case ChangeAction.CreateThenDelete:
            {
                var created = await ApplyChangeAsync(plan, prior: null, schemaVersion, cancellationToken).ConfigureAwait(false);
                if (!created.Succeeded)
                {
                    return created;
                }

                // The new object exists; a failed destroy of the old one is reported but the new state is kept.
                var deleted = await ApplyDestroyAsync(plan, cancellationToken).ConfigureAwait(false);
                return created with { Diagnostics = [.. created.Diagnostics, .. deleted.Diagnostics] };
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(plan), plan.Action, "unknown change action");
        }
    }

    private async Task<ApplyResult> ApplyChangeAsync(ResourcePlan plan, ResourceState? prior, long schemaVersion, CancellationToken cancellationToken)
    {
        var change = plan.ChangePlan!;
        var type = change.PlannedState!.Type;
        var response = await _provider.ApplyResourceChangeAsync(new ApplyResourceChangeRequest(
            plan.TypeName,
            prior?.Value ?? CtyValue.Null(type),
            change.PlannedState,
            plan.Config!,
            change.PlannedPrivate,
            change.PlannedStateMsgpack), cancellationToken).ConfigureAwait(false);

        // A legacy-SDK provider may return a state that contradicts its own plan (dynalite drops tags on create, so
        // the AWS provider reports tags = {}). Terraform accepts such results from legacy providers with only a log
        // line, and so do we: the provider's answer is what exists.
        var state = response.NewState is { IsNull: false } value
            ? new ResourceState(plan.TypeName, value, response.Private, schemaVersion)
            : null;
        return new ApplyResult(state, response.Diagnostics);
    }

    private async Task<ApplyResult> ApplyDestroyAsync(ResourcePlan plan, CancellationToken cancellationToken)
    {
        var prior = plan.Prior!;
        var nothing = CtyValue.Null(prior.Value.Type);
        var response = await _provider.ApplyResourceChangeAsync(new ApplyResourceChangeRequest(
            plan.TypeName, prior.Value, nothing, nothing, plan.DestroyPlan?.PlannedPrivate ?? prior.Private), cancellationToken).ConfigureAwait(false);

        // On failure the old object still exists: keep its state so it is not forgotten.
        return response.Diagnostics.HasErrors()
            ? new ApplyResult(prior, response.Diagnostics)
            : new ApplyResult(null, response.Diagnostics);
    }

    private async Task<long> SchemaVersionAsync(string typeName, CancellationToken cancellationToken)
    {
        var schema = await _provider.GetProviderSchemaAsync(cancellationToken).ConfigureAwait(false);
        return schema.Schema?.ResourceTypes.TryGetValue(typeName, out var resource) == true ? resource.Version : 0;
    }
}
