using Mandate.Providers.Cty;

namespace Mandate.Providers.Lifecycle;

/// <summary>
/// A managed resource's decoded current state, as the provider last reported it, with its private data. Only
/// valid under the schema version it was decoded with; stored state goes through <see cref="StoredResourceState"/>
/// and UpgradeResourceState first.
/// </summary>
/// <param name="Value">The state object; never a null object (a missing resource has no state at all).</param>
/// <param name="Private">Provider-private bytes kept beside the state and passed back verbatim.</param>
/// <param name="SchemaVersion">The resource schema version <paramref name="Value"/> conforms to.</param>
public sealed record ResourceState(string TypeName, CtyValue Value, ReadOnlyMemory<byte> Private, long SchemaVersion)
{
    /// <summary>
    /// Terraform's tainted object: an apply failed after the provider had created it, so what exists may be
    /// incomplete. Planning against a tainted state replaces the object whatever the config says.
    /// </summary>
    public bool Tainted { get; init; }
}

/// <summary>
/// State as persisted: JSON attributes (Terraform's state file format), the schema version they were written
/// with and the private bytes. Decoded only through <see cref="ResourceLifecycle.UpgradeAsync"/>.
/// </summary>
public sealed record StoredResourceState(string TypeName, long SchemaVersion, ReadOnlyMemory<byte> AttributesJson, ReadOnlyMemory<byte> Private);
