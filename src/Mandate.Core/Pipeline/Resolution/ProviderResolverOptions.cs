namespace Mandate.Core.Pipeline.Resolution;

using Mandate.Providers.Schema;

/// <summary>Where the production resolver looks for provider binaries and what it does without an integration.</summary>
public sealed record ProviderResolverOptions
{
    /// <summary>Extra filesystem mirrors, searched first, in order.</summary>
    public IReadOnlyList<string> MirrorDirectories { get; init; } = [];

    /// <summary>
    /// Whether the standard places are searched after <see cref="MirrorDirectories"/>: <c>/opt/tf-plugins</c>,
    /// Terraform's implied mirrors (<c>~/.terraform.d/plugins</c>, <c>$XDG_DATA_HOME/terraform/plugins</c>, …)
    /// and <c>$TF_PLUGIN_CACHE_DIR</c>.
    /// </summary>
    public bool UseStandardMirrors { get; init; } = true;

    /// <summary>Where zipped mirror packages are unpacked; a temp directory when null.</summary>
    public string? InstallCacheDirectory { get; init; }

    /// <summary>A persistent schema cache (share the pool's); schemas are kept in memory either way.</summary>
    public SchemaCache? SchemaCache { get; init; }

    /// <summary>
    /// Off by default: a project with no integration for a provider is refused with how to attach one. On, such a
    /// provider is configured with nothing, so it finds credentials the way its CLI does (environment variables,
    /// shared config files, instance metadata) — what a single user on a workstation may expect, and never right
    /// for a shared server, where it would hand every project the server's own identity.
    /// </summary>
    public bool AllowAmbientCredentials { get; init; }
}
