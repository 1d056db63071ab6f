namespace Mandate.Core.Model;

/// <summary>
/// One managed resource. <see cref="ConfigJson"/> is what the user asked for; <see cref="StateJson"/> is
/// what exists, as the provider last reported it. They differ by computed attributes and drift.
/// </summary>
/// <param name="ResourceId">Chosen by the user, unique within the project (e.g. "sessions-table").</param>
/// <param name="Type">Provider resource type, e.g. "aws_dynamodb_table".</param>
/// <param name="ProviderSource">Provider address the type belongs to.</param>
/// <param name="ProviderVersion">Exact provider version that last wrote the state.</param>
/// <param name="ConfigJson">The requested configuration as JSON (may hold <c>{"$ref": "other.attr"}</c> references).</param>
/// <param name="StateJson">Current state as JSON, sensitive attributes encrypted; null before the first apply.</param>
/// <param name="PrivateData">Provider-private bytes, passed back to the provider exactly as received.</param>
/// <param name="SchemaVersion">The resource schema version the state was written with (for UpgradeResourceState).</param>
/// <param name="Dependencies">Resource ids this one references, recorded when references are resolved.</param>
/// <param name="StateVersion">Number of the latest state version (0 before the first apply).</param>
public sealed record ResourceRecord(
    string ProjectId,
    string ResourceId,
    string Type,
    string ProviderSource,
    string ProviderVersion,
    string ConfigJson,
    string? StateJson,
    byte[]? PrivateData,
    long SchemaVersion,
    IReadOnlyList<string> Dependencies,
    long StateVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>
    /// The last apply failed after the provider had created (part of) the object: <see cref="StateJson"/> is what
    /// the provider reported then, and the next update or plan replaces the object (Terraform's tainted state).
    /// </summary>
    public bool Tainted { get; init; }
}

/// <summary>
/// A resource as a list shows it: identity, type, provider, version and taint, without config, state or private
/// data (a project's list is read often and wide; <see cref="Stores.IResourceStore.GetAsync"/> returns the rest).
/// </summary>
public sealed record ResourceListItem(
    string ProjectId,
    string ResourceId,
    string Type,
    string ProviderSource,
    string ProviderVersion,
    long StateVersion,
    bool Tainted,
    IReadOnlyList<string> Dependencies,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>One entry in a resource's append-only state history: who changed it, when, by which operation.</summary>
/// <param name="StateJson">The state after the operation; null when the operation deleted or ejected the resource.</param>
public sealed record StateVersionRecord(
    string ProjectId,
    string ResourceId,
    long Version,
    string? StateJson,
    string OperationId,
    OperationKind Kind,
    string Actor,
    DateTimeOffset CreatedAt);
