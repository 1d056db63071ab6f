namespace Mandate.Providers.Registry;

/// <summary>
/// Base of every provider lookup, download and verification failure. <see cref="Code"/> is one of
/// <see cref="RegistryErrorCodes"/>; the message says what failed, for which provider, and what to do.
/// </summary>
public class ProviderInstallException : Exception
{
    /// <summary>Creates a failure with a code from <see cref="RegistryErrorCodes"/>.</summary>
    public ProviderInstallException(string code, string message, Exception? inner = null)
        : base(message, inner) => Code = code;

    /// <summary>Required by the exception pattern; prefer the coded constructor.</summary>
    public ProviderInstallException() : this(RegistryErrorCodes.ProtocolViolation, "Provider installation failed.") { }

    /// <summary>Required by the exception pattern; prefer the coded constructor.</summary>
    public ProviderInstallException(string message) : this(RegistryErrorCodes.ProtocolViolation, message) { }

    /// <summary>Required by the exception pattern; prefer the coded constructor.</summary>
    public ProviderInstallException(string message, Exception inner) : this(RegistryErrorCodes.ProtocolViolation, message, inner) { }

    /// <summary>The kind of failure, one of <see cref="RegistryErrorCodes"/>.</summary>
    public string Code { get; }
}

/// <summary>No source knows the provider address.</summary>
public sealed class ProviderNotFoundException(ProviderAddress provider, string message)
    : ProviderInstallException(RegistryErrorCodes.ProviderNotFound, message)
{
    /// <summary>The provider that was looked up.</summary>
    public ProviderAddress Provider { get; } = provider;
}

/// <summary>The provider is known, but no available version meets the constraints.</summary>
public sealed class VersionNotFoundException(ProviderAddress provider, string message)
    : ProviderInstallException(RegistryErrorCodes.VersionNotFound, message)
{
    /// <summary>The provider that was looked up.</summary>
    public ProviderAddress Provider { get; } = provider;
}

/// <summary>The version exists, but not for the requested operating system and architecture.</summary>
public sealed class ProviderPlatformNotSupportedException(ProviderAddress provider, ProviderVersion version, ProviderPlatform platform, string message)
    : ProviderInstallException(RegistryErrorCodes.PlatformNotSupported, message)
{
    /// <summary>The provider that was looked up.</summary>
    public ProviderAddress Provider { get; } = provider;
    /// <summary>The version that lacks a package.</summary>
    public ProviderVersion Version { get; } = version;
    /// <summary>The platform asked for.</summary>
    public ProviderPlatform Platform { get; } = platform;
}

/// <summary>The registry host could not be reached or did not answer in time.</summary>
public sealed class HostUnreachableException(string hostname, string message, Exception? inner = null)
    : ProviderInstallException(RegistryErrorCodes.HostUnreachable, message, inner)
{
    /// <summary>The host that did not answer.</summary>
    public string Hostname { get; } = hostname;
}

/// <summary>A package's SHA-256 does not match what the registry or its SHA256SUMS document promised.</summary>
public sealed class ChecksumMismatchException(string message)
    : ProviderInstallException(RegistryErrorCodes.ChecksumMismatch, message);

/// <summary>The detached signature over SHA256SUMS does not verify with the key that supposedly made it.</summary>
public sealed class SignatureInvalidException(string message, Exception? inner = null)
    : ProviderInstallException(RegistryErrorCodes.SignatureInvalid, message, inner);

/// <summary>The signature names a key that is not among the public keys the registry listed for this package.</summary>
public sealed class UnknownSigningKeyException(string keyId, string message)
    : ProviderInstallException(RegistryErrorCodes.UnknownSigningKey, message)
{
    /// <summary>The issuer key ID (16 hex digits) or fingerprint named by the signature.</summary>
    public string KeyId { get; } = keyId;
}

/// <summary>The signature or key uses an algorithm or packet version this verifier does not implement.</summary>
public sealed class UnsupportedSignatureException(string message)
    : ProviderInstallException(RegistryErrorCodes.UnsupportedSignature, message);

/// <summary>The registry offered no signature and the installer is not configured to accept unsigned packages.</summary>
public sealed class UnsignedPackageException(string message)
    : ProviderInstallException(RegistryErrorCodes.Unsigned, message);

/// <summary>The archive is malformed or would write outside its directory.</summary>
public sealed class BadPackageException(string message, Exception? inner = null)
    : ProviderInstallException(RegistryErrorCodes.BadPackage, message, inner);
