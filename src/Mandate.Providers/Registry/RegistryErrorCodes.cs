namespace Mandate.Providers.Registry;

/// <summary>Stable codes of provider installation failures, for logs, tests and callers that branch on the kind.</summary>
public static class RegistryErrorCodes
{
    /// <summary>The host is not reachable, or did not answer in time.</summary>
    public const string HostUnreachable = "provider_host_unreachable";
    /// <summary>The host answered but offers no provider registry (<c>providers.v1</c>).</summary>
    public const string NoProviderRegistry = "provider_host_no_registry";
    /// <summary>The registry refused the request (401/403): credentials are missing or insufficient.</summary>
    public const string Unauthorized = "provider_registry_unauthorized";
    /// <summary>The version speaks only plugin protocols this runtime does not (it speaks 5 and 6).</summary>
    public const string ProtocolNotSupported = "provider_protocol_not_supported";
    /// <summary>The host answered with something the protocol does not allow.</summary>
    public const string ProtocolViolation = "provider_registry_protocol";
    /// <summary>No source knows the provider.</summary>
    public const string ProviderNotFound = "provider_not_found";
    /// <summary>The provider exists but no version meets the constraints.</summary>
    public const string VersionNotFound = "provider_version_not_found";
    /// <summary>The version exists but has no package for the requested platform.</summary>
    public const string PlatformNotSupported = "provider_platform_not_supported";
    /// <summary>The package's SHA-256 differs from the registry's, or from its line in SHA256SUMS.</summary>
    public const string ChecksumMismatch = "provider_checksum_mismatch";
    /// <summary>The detached signature over SHA256SUMS does not verify.</summary>
    public const string SignatureInvalid = "provider_signature_invalid";
    /// <summary>The signature was made by a key the registry did not list.</summary>
    public const string UnknownSigningKey = "provider_signature_unknown_key";
    /// <summary>The signature uses an algorithm this verifier does not implement.</summary>
    public const string UnsupportedSignature = "provider_signature_unsupported";
    /// <summary>No signature was offered and unsigned packages are not allowed.</summary>
    public const string Unsigned = "provider_unsigned";
    /// <summary>The package archive is malformed or unsafe to extract.</summary>
    public const string BadPackage = "provider_package_invalid";
    /// <summary>The operation was cancelled by the caller.</summary>
    public const string Cancelled = "provider_request_cancelled";
}
