namespace Mandate.Providers.Registry;

/// <summary>How far a package's origin was established.</summary>
public enum PackageAuthenticationKind
{
    /// <summary>Checksums matched and the signature over SHA256SUMS verified with a key the registry lists.</summary>
    Verified,

    /// <summary>Checksums matched, but no signature was offered; accepted only because unsigned packages are allowed.</summary>
    ChecksumOnly,

    /// <summary>From a configured local mirror: trusted as configured, nothing to check against.</summary>
    LocalMirror,

    /// <summary>Already in the install cache, where it was authenticated when it was installed.</summary>
    Cached,
}

/// <summary>The outcome of authenticating a package, with who signed it when it was signed.</summary>
/// <param name="Kind">The level reached.</param>
/// <param name="KeyId">The signing key's ID (16 hex digits), for <see cref="PackageAuthenticationKind.Verified"/>.</param>
/// <param name="Fingerprint">The signing key's full fingerprint in hex.</param>
/// <param name="Signer">The signing key's user ID, e.g. <c>HashiCorp Security &lt;security@hashicorp.com&gt;</c>.</param>
/// <param name="KeySource">Who the registry says owns the key (its <c>source</c> field).</param>
public sealed record PackageAuthenticationResult(
    PackageAuthenticationKind Kind, string? KeyId = null, string? Fingerprint = null, string? Signer = null, string? KeySource = null)
{
    /// <summary>One line for logs and people, e.g. <c>verified (signed by key 34365D9472D7468F "HashiCorp Security …")</c>.</summary>
    public override string ToString() => Kind switch
    {
        PackageAuthenticationKind.Verified =>
            $"verified (signed by key {KeyId}{(Signer is null ? "" : $" \"{Signer}\"")}{(string.IsNullOrEmpty(KeySource) ? "" : $", source {KeySource}")})",
        PackageAuthenticationKind.ChecksumOnly => "checksum-only (no signature offered; unsigned packages allowed by configuration)",
        PackageAuthenticationKind.LocalMirror => "unauthenticated (local filesystem mirror, trusted as configured)",
        _ => "cached (authenticated when it was installed)",
    };
}
