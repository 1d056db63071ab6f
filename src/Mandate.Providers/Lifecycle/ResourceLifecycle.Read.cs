using Mandate.Providers.Cty;
using Mandate.Providers.Cty.Json;
using Mandate.Providers.Messages;

namespace Mandate.Providers.Lifecycle;

/// <summary>Refresh, import, stored-state upgrade and data sources.</summary>
public sealed partial class ResourceLifecycle
{
    /// <summary>Reads the object's current state from the real infrastructure and reports what drifted.</summary>
    public async Task<RefreshResult> RefreshAsync(ResourceState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var response = await _provider.ReadResourceAsync(new ReadResourceRequest(state.TypeName, state.Value, state.Private), cancellationToken).ConfigureAwait(false);
        if (response.Diagnostics.HasErrors())
        {
            return new RefreshResult(state, [], response.Diagnostics);
        }

        if (response.NewState is not { IsNull: false } refreshed)
        {
            return new RefreshResult(null, [], response.Diagnostics);
        }

        var drift = new List<CtyPath>();
        foreach (var (name, before) in state.Value.Attributes())
        {
            if (!refreshed.GetAttribute(name).EqualsIgnoringMarks(before))
            {
                drift.Add(CtyPath.OfAttributes(name));
            }
        }

        return new RefreshResult(state with { Value = refreshed, Private = response.Private }, drift, response.Diagnostics);
    }

    /// <summary>
    /// Imports an existing object by id: ImportResourceState, then ReadResource, because the import alone usually
    /// yields little more than the id. Fails when the object does not exist.
    /// </summary>
    public async Task<ApplyResult> ImportAsync(string typeName, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        ArgumentNullException.ThrowIfNull(id);
        var diagnostics = new List<Diagnostic>();
        var imported = await _provider.ImportResourceStateAsync(new ImportResourceStateRequest(typeName, id), cancellationToken).ConfigureAwait(false);
        diagnostics.AddRange(imported.Diagnostics);
        if (imported.Diagnostics.HasErrors())
        {
            return new ApplyResult(null, diagnostics);
        }

        var own = imported.ImportedResources.FirstOrDefault(r => r.TypeName == typeName);
        if (own is null)
        {
            diagnostics.Add(Diagnostic.Error("Import returned no object", $"The provider imported nothing of type {typeName} for id \"{id}\"."));
            return new ApplyResult(null, diagnostics);
        }

        var version = await SchemaVersionAsync(typeName, cancellationToken).ConfigureAwait(false);
        var refreshed = await RefreshAsync(new ResourceState(typeName, own.State, own.Private, version), cancellationToken).ConfigureAwait(false);
        diagnostics.AddRange(refreshed.Diagnostics);
        if (refreshed.Gone)
        {
            diagnostics.Add(Diagnostic.Error("Cannot import non-existent remote object",
                $"No {typeName} with id \"{id}\" exists. Check the id, the region and the provider's endpoints."));
        }

        return new ApplyResult(refreshed.Gone ? null : refreshed.State, diagnostics);
    }

    /// <summary>
    /// Decodes stored state through the provider's UpgradeResourceState, which Terraform calls before any use of
    /// stored state (also when the versions match: the provider may normalise old encodings).
    /// </summary>
    public async Task<(ResourceState? State, IReadOnlyList<Diagnostic> Diagnostics)> UpgradeAsync(StoredResourceState stored, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var response = await _provider.UpgradeResourceStateAsync(
            new UpgradeResourceStateRequest(stored.TypeName, stored.SchemaVersion, stored.AttributesJson), cancellationToken).ConfigureAwait(false);
        if (response.Diagnostics.HasErrors() || response.UpgradedState is not { IsNull: false } upgraded)
        {
            return (null, response.Diagnostics);
        }

        var version = await SchemaVersionAsync(stored.TypeName, cancellationToken).ConfigureAwait(false);
        return (new ResourceState(stored.TypeName, upgraded, stored.Private, version), response.Diagnostics);
    }

    /// <summary>The form of <paramref name="state"/> to persist: JSON attributes like a Terraform state file's.</summary>
    public static StoredResourceState Store(ResourceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new StoredResourceState(state.TypeName, state.SchemaVersion, CtyJson.Encode(state.Value, state.Value.Type), state.Private);
    }

    /// <summary>Validates and reads a data source.</summary>
    public async Task<(CtyValue? State, IReadOnlyList<Diagnostic> Diagnostics)> ReadDataSourceAsync(string typeName, CtyValue config, CancellationToken cancellationToken = default)
    {
        var validation = await _provider.ValidateDataResourceConfigAsync(new ValidateDataResourceConfigRequest(typeName, config), cancellationToken).ConfigureAwait(false);
        if (validation.Diagnostics.HasErrors())
        {
            return (null, validation.Diagnostics);
        }

        var response = await _provider.ReadDataSourceAsync(new ReadDataSourceRequest(typeName, config), cancellationToken).ConfigureAwait(false);
        return (response.State, [.. validation.Diagnostics, .. response.Diagnostics]);
    }
}
