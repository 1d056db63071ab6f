namespace Mandate.Core.Application;

using System.Text.Json.Nodes;
using Mandate.Core.Model;

/// <summary>A resource in a list: what it is and where its state stands, without configuration or state.</summary>
public sealed record ResourceSummary(string ProjectId, string ResourceId, string Type, string ProviderSource, string ProviderVersion,
    long StateVersion, IReadOnlyList<string> Dependencies, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The last apply failed after creating (part of) the object; the next update replaces it (see <see cref="ResourceRecord.Tainted"/>).</summary>
    public bool Tainted { get; init; }

    internal static ResourceSummary Of(ResourceRecord r) =>
        new(r.ProjectId, r.ResourceId, r.Type, r.ProviderSource, r.ProviderVersion, r.StateVersion, r.Dependencies, r.CreatedAt, r.UpdatedAt) { Tainted = r.Tainted };

    internal static ResourceSummary Of(ResourceListItem r) =>
        new(r.ProjectId, r.ResourceId, r.Type, r.ProviderSource, r.ProviderVersion, r.StateVersion, r.Dependencies, r.CreatedAt, r.UpdatedAt) { Tainted = r.Tainted };
}

/// <summary>
/// One resource with its configuration and state, every value the provider schema marks sensitive
/// replaced by <see cref="Secrets.Redaction.Marker"/>.
/// </summary>
/// <param name="Config">The configuration as requested (references kept as written); null when it could not be redacted safely.</param>
/// <param name="State">The state as last recorded; null before the first apply or when it could not be redacted safely.</param>
/// <param name="SensitivePaths">The paths that were redacted.</param>
/// <param name="Withheld">Why <paramref name="Config"/> and <paramref name="State"/> are withheld, when they are (the schema could not be read).</param>
public sealed record ResourceView(ResourceSummary Resource, JsonObject? Config, JsonObject? State, IReadOnlyList<string> SensitivePaths, string? Withheld);

/// <summary>One entry of a resource's state history: which operation changed it, how, who and when (the state itself is not repeated).</summary>
/// <param name="Removed">True when the operation deleted or ejected the resource.</param>
public sealed record StateVersionSummary(string ProjectId, string ResourceId, long Version, string OperationId, OperationKind Kind, string Actor,
    DateTimeOffset CreatedAt, bool Removed);

/// <summary>A resource's place in the reference graph.</summary>
/// <param name="DependsOn">Resources it references (they must exist before it).</param>
/// <param name="Dependents">Resources that reference it (a delete needs cascade while any exist).</param>
public sealed record ResourceDependencies(string ProjectId, string ResourceId, IReadOnlyList<string> DependsOn, IReadOnlyList<string> Dependents);
