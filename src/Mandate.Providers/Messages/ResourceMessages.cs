using Mandate.Providers.Cty;

namespace Mandate.Providers.Messages;

/// <summary>
/// Brings stored state written by an older (or the same) schema version up to the current schema. Terraform calls
/// this before any other use of stored state, even when the versions match, because only the provider can read
/// its old shapes.
/// </summary>
/// <param name="Version">The schema version the state was written with.</param>
/// <param name="RawStateJson">The state as stored: JSON, as in a Terraform state file's <c>attributes</c>.</param>
public sealed record UpgradeResourceStateRequest(string TypeName, long Version, ReadOnlyMemory<byte> RawStateJson);

public sealed record UpgradeResourceStateResponse
{
    /// <summary>The state under the current schema; null when the call failed.</summary>
    public CtyValue? UpgradedState { get; init; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];
}

/// <summary>Asks the provider what applying <see cref="ProposedNewState"/> would produce.</summary>
/// <param name="PriorState">Current state, or a null object for a create.</param>
/// <param name="ProposedNewState">Prior state merged with config (ProposedNew), or a null object for a destroy.</param>
/// <param name="Config">The configuration, or a null object for a destroy.</param>
/// <param name="PriorPrivate">The private bytes stored with the prior state, passed back verbatim.</param>
public sealed record PlanResourceChangeRequest(
    string TypeName, CtyValue PriorState, CtyValue ProposedNewState, CtyValue Config, ReadOnlyMemory<byte> PriorPrivate = default);

public sealed record PlanResourceChangeResponse
{
    /// <summary>What the provider will make; unknown where it cannot know yet (ids, ARNs). Null on failure.</summary>
    public CtyValue? PlannedState { get; init; }

    /// <summary>
    /// The planned state exactly as the provider encoded it. The adapter sends these bytes to apply instead of
    /// re-encoding <see cref="PlannedState"/>, so nothing the provider planned can shift in a round trip.
    /// </summary>
    public ReadOnlyMemory<byte> PlannedStateMsgpack { get; init; }

    /// <summary>Attributes whose change cannot be made in place: the update must become delete and create.</summary>
    public IReadOnlyList<CtyPath> RequiresReplace { get; init; } = [];

    /// <summary>Provider-private data for apply, passed back verbatim.</summary>
    public ReadOnlyMemory<byte> PlannedPrivate { get; init; }

    /// <summary>The provider uses the legacy SDK type system: its results may be inconsistent in tolerated ways.</summary>
    public bool LegacyTypeSystem { get; init; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];
}

/// <summary>Carries out a planned change.</summary>
/// <param name="PlannedState">The plan's <see cref="PlanResourceChangeResponse.PlannedState"/>, or a null object to destroy.</param>
/// <param name="PlannedStateMsgpack">The plan's exact bytes; when given they are sent instead of encoding <paramref name="PlannedState"/>.</param>
public sealed record ApplyResourceChangeRequest(
    string TypeName, CtyValue PriorState, CtyValue PlannedState, CtyValue Config,
    ReadOnlyMemory<byte> PlannedPrivate = default, ReadOnlyMemory<byte> PlannedStateMsgpack = default);

public sealed record ApplyResourceChangeResponse
{
    /// <summary>The resulting state: a null object after a destroy. May be set even when diagnostics hold errors
    /// (a partial create), and must then be kept.</summary>
    public CtyValue? NewState { get; init; }

    /// <summary>The new state exactly as the provider encoded it, to store or to pass to ReadResource.</summary>
    public ReadOnlyMemory<byte> NewStateMsgpack { get; init; }

    public ReadOnlyMemory<byte> Private { get; init; }

    public bool LegacyTypeSystem { get; init; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];
}

/// <summary>Refreshes a resource's state from the real infrastructure.</summary>
public sealed record ReadResourceRequest(string TypeName, CtyValue CurrentState, ReadOnlyMemory<byte> Private = default);

public sealed record ReadResourceResponse
{
    /// <summary>The refreshed state; a null object when the resource no longer exists.</summary>
    public CtyValue? NewState { get; init; }

    public ReadOnlyMemory<byte> Private { get; init; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];
}

/// <summary>Starts importing an existing object by its provider-specific id (a table name, a bucket name).</summary>
public sealed record ImportResourceStateRequest(string TypeName, string Id);

/// <summary>One object an import produced. Its state is usually partial until refreshed with ReadResource.</summary>
public sealed record ImportedResource(string TypeName, CtyValue State, ReadOnlyMemory<byte> Private);

public sealed record ImportResourceStateResponse
{
    public IReadOnlyList<ImportedResource> ImportedResources { get; init; } = [];

    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];
}

/// <summary>Reads a data source.</summary>
public sealed record ReadDataSourceRequest(string TypeName, CtyValue Config);

public sealed record ReadDataSourceResponse
{
    public CtyValue? State { get; init; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];
}
