using System.Security.Cryptography;
using Mandate.Providers.Registry.OpenPgp;

namespace Mandate.Providers.Registry;

/// <summary>
/// Checks a downloaded provider zip against what the registry promised, in Terraform's order:
/// (1) the zip's SHA-256 equals the registry's <c>shasum</c>; (2) SHA256SUMS lists that same hash for the
/// file name; (3) the detached signature over SHA256SUMS verifies with one of the registry's public keys.
/// A package without a signature is refused unless <see cref="AllowUnsigned"/> is set.
/// </summary>
public sealed class PackageAuthenticator
{
    private readonly HttpClient _http;

    /// <summary>Creates an authenticator that fetches SHA256SUMS and its signature with <paramref name="http"/>.</summary>
    public PackageAuthenticator(HttpClient http) => _http = http ?? throw new ArgumentNullException(nameof(http));

    /// <summary>Accept packages that come without a signature (reported as <see cref="PackageAuthenticationKind.ChecksumOnly"/>).</summary>
    public bool AllowUnsigned { get; init; }

    /// <summary>The clock used to check signature expiry; settable for tests.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Authenticates the zip at <paramref name="zipPath"/> against <paramref name="meta"/>'s checksums.</summary>
    /// <exception cref="ChecksumMismatchException">The archive or SHA256SUMS disagrees with the registry.</exception>
    /// <exception cref="SignatureInvalidException">The signature does not verify.</exception>
    /// <exception cref="UnknownSigningKeyException">The signer is not a listed key.</exception>
    /// <exception cref="UnsignedPackageException">No signature and unsigned packages are not allowed.</exception>
    public async Task<PackageAuthenticationResult> AuthenticateAsync(PackageMeta meta, string zipPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meta);
        var package = $"{meta.Provider.ForDisplay()} {meta.Version} ({meta.Platform})";
        var checksums = meta.Checksums;
        if (checksums is null)
        {
            if (!AllowUnsigned)
                throw new UnsignedPackageException($"Package {package} comes with no checksums or signature; refusing it. Set AllowUnsigned to accept such packages.");
            return new PackageAuthenticationResult(PackageAuthenticationKind.ChecksumOnly);
        }

        string actual;
        await using (var stream = File.OpenRead(zipPath))
            actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        if (!string.Equals(actual, checksums.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ChecksumMismatchException(
                $"The downloaded archive {meta.Filename} of {package} has SHA-256 {actual}, but the registry promised {checksums.Sha256}. " +
                "The download is corrupt or was tampered with; it was not installed.");
        }

        if (checksums.ShasumsUrl is null)
        {
            if (!AllowUnsigned)
                throw new UnsignedPackageException($"Package {package} has no SHA256SUMS document to sign; refusing it. Set AllowUnsigned to accept checksum-only packages.");
            return new PackageAuthenticationResult(PackageAuthenticationKind.ChecksumOnly);
        }
        var host = checksums.ShasumsUrl.Authority;
        var shasums = await RegistryHttp.GetBytesAsync(_http, checksums.ShasumsUrl, host, cancellationToken);
        var listed = Sha256Sums.Find(shasums, meta.Filename)
            ?? throw new ChecksumMismatchException(
                $"SHA256SUMS of {package} ({checksums.ShasumsUrl}) has no line for {meta.Filename}, so the archive cannot be matched to the signed list.");
        if (!string.Equals(listed, checksums.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ChecksumMismatchException(
                $"SHA256SUMS of {package} lists SHA-256 {listed} for {meta.Filename}, but the registry promised {checksums.Sha256}. " +
                "The checksum list does not belong to this archive; it was not installed.");
        }

        if (checksums.ShasumsSignatureUrl is null || checksums.SigningKeys.Count == 0)
        {
            if (!AllowUnsigned)
            {
                throw new UnsignedPackageException(
                    $"Package {package} is not signed (the registry offers {(checksums.ShasumsSignatureUrl is null ? "no signature" : "no signing keys")}); refusing it. " +
                    "Set AllowUnsigned to accept checksum-only packages.");
            }
            return new PackageAuthenticationResult(PackageAuthenticationKind.ChecksumOnly);
        }
        var signature = await RegistryHttp.GetBytesAsync(_http, checksums.ShasumsSignatureUrl, host, cancellationToken);
        return VerifySignature(package, shasums, signature, checksums.SigningKeys);
    }

    private PackageAuthenticationResult VerifySignature(string package, byte[] shasums, byte[] signature, IReadOnlyList<SigningKey> signingKeys)
    {
        var keys = new List<(PgpPublicKey Key, SigningKey From)>();
        foreach (var listed in signingKeys)
        {
            try
            {
                keys.AddRange(PgpPublicKey.ReadKeyRing(System.Text.Encoding.ASCII.GetBytes(listed.AsciiArmor), $"public key {listed.KeyId} of {package}")
                    .Select(k => (k, listed)));
            }
            catch (PgpFormatException ex)
            {
                throw new SignatureInvalidException($"The registry's signing key {listed.KeyId} for {package} cannot be read: {ex.Message}", ex);
            }
        }
        try
        {
            var signer = PgpSignatureVerifier.VerifyDetached(shasums, signature, keys.Select(k => k.Key).ToList(), Clock.GetUtcNow());
            var source = keys.First(k => k.Key == signer).From.Source;
            return new PackageAuthenticationResult(PackageAuthenticationKind.Verified, signer.KeyIdHex, signer.FingerprintHex, signer.UserId, source);
        }
        catch (PgpFormatException ex)
        {
            throw new SignatureInvalidException($"The signature of SHA256SUMS for {package} is malformed: {ex.Message}", ex);
        }
    }
}
