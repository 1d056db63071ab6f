using Mandate.Providers.Cty;
using Mandate.Providers.Messages;

namespace Mandate.Providers.Lifecycle;

/// <summary>What applying a plan will do to one resource.</summary>
public enum ChangeAction
{
    NoOp,
    Create,
    Update,
    /// <summary>An update the provider cannot make in place: the old object is destroyed, then the new one created.</summary>
    DeleteThenCreate,
    /// <summary>Replacement with the new object created first (create_before_destroy).</summary>
    CreateThenDelete,
    Delete,
}

/// <summary>
/// A planned change to one resource. Holds the provider's own answers (planned state bytes and private data)
/// so apply sends back exactly what was planned.
/// </summary>
public sealed record ResourcePlan
{
    public required string TypeName { get; init; }

    public required ChangeAction Action { get; init; }

    /// <summary>The current state, null for a create.</summary>
    public ResourceState? Prior { get; init; }

    /// <summary>The configuration (a full object of the schema's shape), null for a delete.</summary>
    public CtyValue? Config { get; init; }

    /// <summary>What the provider expects the object to look like afterwards; null for a delete.</summary>
    public CtyValue? PlannedState { get; init; }

    /// <summary>Attributes whose change forces replacement (only those that actually change).</summary>
    public IReadOnlyList<CtyPath> RequiresReplace { get; init; } = [];

    /// <summary>Warnings (and, when <see cref="Succeeded"/> is false, errors) from validation and planning.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];

    public bool Succeeded => !Diagnostics.HasErrors();

    /// <summary>The provider's answer for the create or update step (for a replacement: the create).</summary>
    internal PlanResourceChangeResponse? ChangePlan { get; init; }

    /// <summary>The provider's answer for the destroy step of a delete or replacement.</summary>
    internal PlanResourceChangeResponse? DestroyPlan { get; init; }
}

/// <summary>The outcome of applying a plan.</summary>
/// <param name="State">The resource's state afterwards; null when it no longer exists. Kept even on failure: a
/// partially created object must still be tracked, as Terraform does.</param>
public sealed record ApplyResult(ResourceState? State, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => !Diagnostics.HasErrors();
}

/// <summary>The outcome of a refresh (ReadResource).</summary>
/// <param name="State">The refreshed state; null when the object no longer exists remotely.</param>
/// <param name="Drift">Top-level attributes whose refreshed value differs from the state given; empty when none.</param>
public sealed record RefreshResult(ResourceState? State, IReadOnlyList<CtyPath> Drift, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => !Diagnostics.HasErrors();

    public bool Gone => State is null && Succeeded;
}
