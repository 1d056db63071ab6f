using System.Text;
using Mandate.Providers.Registry;

namespace Mandate.Providers.Tests.Registry;

/// <summary>
/// End to end against a loopback registry: discovery, version selection, download, checksum and signature
/// checks with keys and signatures made by gpg, and installation into the cache.
/// </summary>
[Collection(GnuPgCollection.Name)]
// Unix file modes are part of what is tested (the provider must be executable).
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RegistryInstallTests : IDisposable
{
    private const string PublisherUid = "Test <t@example.invalid>";
    private readonly GnuPg _gpg;
    private readonly LoopbackRegistry _registry = new();
    private readonly HttpClient _http = TestRelease.NewHttpClient();
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("mandate-registry-cache");
    private readonly TestRelease _release = new();

    public RegistryInstallTests(GnuPg gpg) => _gpg = gpg;

    public void Dispose()
    {
        _registry.Dispose();
        _http.Dispose();
        _cache.Delete(recursive: true);
    }

    private string Publisher => _gpg.Key(PublisherUid);

    private void PublishSignedBy(string signerFingerprint, string? listedKeyFingerprint = null, bool armor = false) =>
        _release.Publish(_registry, [_gpg.ExportArmored(listedKeyFingerprint ?? signerFingerprint)], _gpg.DetachSign(_release.Shasums, signerFingerprint, armor));

    private Task<InstalledProvider> InstallAsync(string constraints = "~> 1.2", bool allowUnsigned = false) =>
        TestRelease.NewInstaller(_registry, _http, _cache.FullName, allowUnsigned)
            .InstallAsync(_release.Address(_registry), VersionConstraints.Parse(constraints), TestRelease.Platform);

    private string ExpectedDirectory =>
        Path.Combine(_cache.FullName, _registry.Host, TestRelease.Namespace, TestRelease.Type, "1.2.3", "linux_amd64");

    [GpgFact]
    public async Task Signed_package_installs_verified_into_the_mirror_layout_with_an_executable_bit()
    {
        PublishSignedBy(Publisher);

        var installed = await InstallAsync();

        Assert.Equal(PackageAuthenticationKind.Verified, installed.Authentication.Kind);
        Assert.Equal(GnuPg.KeyId(Publisher), installed.Authentication.KeyId);
        Assert.Equal(Publisher, installed.Authentication.Fingerprint);
        Assert.Equal(PublisherUid, installed.Authentication.Signer);
        Assert.StartsWith($"verified (signed by key {GnuPg.KeyId(Publisher)}", installed.Authentication.ToString(), StringComparison.Ordinal);
        Assert.Equal(TestRelease.Version, installed.Version);
        Assert.Equal(ExpectedDirectory, installed.Directory);
        Assert.Equal(Path.Combine(ExpectedDirectory, TestRelease.ExecutableName), installed.ExecutablePath);
        Assert.Equal(TestRelease.ExecutableContent, File.ReadAllBytes(installed.ExecutablePath));
        Assert.True(File.GetUnixFileMode(installed.ExecutablePath).HasFlag(UnixFileMode.UserExecute));
        Assert.Equal("zh:" + TestRelease.Hex(_release.Zip), installed.ZipHash);
        // The h1 of the installed directory is the h1 of the archive it came from: nothing was added or lost.
        var zipCopy = Path.Combine(_cache.FullName, "release.zip");
        await File.WriteAllBytesAsync(zipCopy, _release.Zip);
        Assert.Equal(PackageHashes.H1ForZip(zipCopy), installed.ComputePackageHash());
        Assert.Equal(["5.0"], installed.Protocols);
        // No staging leftovers next to the package.
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_cache.FullName, ".tmp")));
    }

    [GpgFact]
    public async Task Armored_signature_is_accepted_as_well_as_binary()
    {
        PublishSignedBy(Publisher, armor: true);
        var installed = await InstallAsync();
        Assert.Equal(PackageAuthenticationKind.Verified, installed.Authentication.Kind);
    }

    [GpgFact]
    public async Task Second_install_is_served_from_the_cache_without_downloading()
    {
        PublishSignedBy(Publisher);
        var first = await InstallAsync();
        var downloads = _registry.Requests.Count(r => r.StartsWith("/files/", StringComparison.Ordinal));

        var second = await InstallAsync();

        Assert.Equal(PackageAuthenticationKind.Cached, second.Authentication.Kind);
        Assert.Equal(first.ExecutablePath, second.ExecutablePath);
        Assert.Equal(downloads, _registry.Requests.Count(r => r.StartsWith("/files/", StringComparison.Ordinal)));
    }

    [GpgFact]
    public async Task Tampered_zip_is_refused_with_an_archive_checksum_error_and_nothing_is_installed()
    {
        var tampered = (byte[])_release.Zip.Clone();
        tampered[^30] ^= 0x01;
        _release.Publish(_registry, [_gpg.ExportArmored(Publisher)], _gpg.DetachSign(_release.Shasums, Publisher), servedZip: tampered);

        var error = await Assert.ThrowsAsync<ChecksumMismatchException>(() => InstallAsync());

        Assert.Equal(RegistryErrorCodes.ChecksumMismatch, error.Code);
        Assert.Contains("downloaded archive", error.Message, StringComparison.Ordinal);
        Assert.Contains(TestRelease.Hex(tampered), error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(ExpectedDirectory));
    }

    [GpgFact]
    public async Task Wrong_line_in_a_validly_signed_SHA256SUMS_is_refused()
    {
        // The publisher's list names a different hash for our file, and is properly signed: the list and the
        // registry's shasum disagree, so the archive is not the one that was signed.
        var wrongLine = Encoding.UTF8.GetBytes($"{new string('a', 64)}  {TestRelease.Filename}\n");
        _release.Publish(_registry, [_gpg.ExportArmored(Publisher)], _gpg.DetachSign(wrongLine, Publisher), servedShasums: wrongLine);

        var error = await Assert.ThrowsAsync<ChecksumMismatchException>(() => InstallAsync());

        Assert.Contains("SHA256SUMS", error.Message, StringComparison.Ordinal);
        Assert.Contains(new string('a', 64), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("downloaded archive", error.Message, StringComparison.Ordinal);
    }

    [GpgFact]
    public async Task SHA256SUMS_without_a_line_for_the_archive_is_refused()
    {
        var otherFile = Encoding.UTF8.GetBytes($"{TestRelease.Hex(_release.Zip)}  something-else.zip\n");
        _release.Publish(_registry, [_gpg.ExportArmored(Publisher)], _gpg.DetachSign(otherFile, Publisher), servedShasums: otherFile);

        var error = await Assert.ThrowsAsync<ChecksumMismatchException>(() => InstallAsync());
        Assert.Contains($"no line for {TestRelease.Filename}", error.Message, StringComparison.Ordinal);
    }

    [GpgFact]
    public async Task Signature_over_other_content_is_refused_as_invalid()
    {
        var signatureOfSomethingElse = _gpg.DetachSign("not the SHA256SUMS\n"u8.ToArray(), Publisher);
        _release.Publish(_registry, [_gpg.ExportArmored(Publisher)], signatureOfSomethingElse);

        var error = await Assert.ThrowsAsync<SignatureInvalidException>(() => InstallAsync());

        Assert.Equal(RegistryErrorCodes.SignatureInvalid, error.Code);
        Assert.Contains("does not verify with key " + GnuPg.KeyId(Publisher), error.Message, StringComparison.Ordinal);
    }

    [GpgFact]
    public async Task Corrupted_signature_value_is_refused_as_invalid()
    {
        var signature = _gpg.DetachSign(_release.Shasums, Publisher);
        signature[^5] ^= 0x40; // inside the RSA value: the digest prefix still matches, the RSA check must fail
        _release.Publish(_registry, [_gpg.ExportArmored(Publisher)], signature);

        var error = await Assert.ThrowsAsync<SignatureInvalidException>(() => InstallAsync());
        Assert.Contains("cryptographic check failed", error.Message, StringComparison.Ordinal);
    }

    [GpgFact]
    public async Task Signature_by_a_key_the_registry_does_not_list_is_refused_as_unknown_key()
    {
        var stranger = _gpg.Key("Stranger <s@example.invalid>");
        PublishSignedBy(stranger, listedKeyFingerprint: Publisher);

        var error = await Assert.ThrowsAsync<UnknownSigningKeyException>(() => InstallAsync());

        Assert.Equal(RegistryErrorCodes.UnknownSigningKey, error.Code);
        Assert.Contains(stranger, error.Message, StringComparison.Ordinal);
        Assert.Contains(GnuPg.KeyId(Publisher), error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(ExpectedDirectory));
    }

    [GpgFact]
    public async Task Unsigned_package_is_refused_by_default()
    {
        _release.Publish(_registry, [], signature: null);

        var error = await Assert.ThrowsAsync<UnsignedPackageException>(() => InstallAsync());

        Assert.Equal(RegistryErrorCodes.Unsigned, error.Code);
        Assert.Contains("AllowUnsigned", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(ExpectedDirectory));
    }

    [GpgFact]
    public async Task Unsigned_package_installs_as_checksum_only_when_allowed()
    {
        _release.Publish(_registry, [], signature: null);

        var installed = await InstallAsync(allowUnsigned: true);

        Assert.Equal(PackageAuthenticationKind.ChecksumOnly, installed.Authentication.Kind);
        Assert.Null(installed.Authentication.KeyId);
        Assert.StartsWith("checksum-only", installed.Authentication.ToString(), StringComparison.Ordinal);
    }

    [GpgFact]
    public async Task Allowing_unsigned_packages_does_not_excuse_a_checksum_mismatch()
    {
        _release.Publish(_registry, [], signature: null, claimedShasum: new string('b', 64));
        await Assert.ThrowsAsync<ChecksumMismatchException>(() => InstallAsync(allowUnsigned: true));
    }

    [GpgFact]
    public async Task Signing_subkey_bound_to_the_listed_primary_key_verifies()
    {
        var primary = _gpg.Key("Subkeyed <k@example.invalid>", signingSubkey: true);
        var subkey = _gpg.SigningSubkey(primary);
        _release.Publish(_registry, [_gpg.ExportArmored(primary)], _gpg.DetachSign(_release.Shasums, subkey));

        var installed = await InstallAsync();

        Assert.Equal(PackageAuthenticationKind.Verified, installed.Authentication.Kind);
        Assert.Equal(GnuPg.KeyId(subkey), installed.Authentication.KeyId);
        Assert.Equal("Subkeyed <k@example.invalid>", installed.Authentication.Signer);
    }

    [GpgFact]
    public async Task Ecdsa_p256_signature_verifies()
    {
        var ecdsa = _gpg.Key("Ecdsa <e@example.invalid>", "nistp256");
        PublishSignedBy(ecdsa);

        var installed = await InstallAsync();

        Assert.Equal(PackageAuthenticationKind.Verified, installed.Authentication.Kind);
        Assert.Equal(GnuPg.KeyId(ecdsa), installed.Authentication.KeyId);
    }

    [GpgFact]
    public async Task Ed25519_signature_is_reported_as_unsupported_not_as_invalid()
    {
        var ed = _gpg.Key("Ed <d@example.invalid>", "ed25519");
        PublishSignedBy(ed);

        var error = await Assert.ThrowsAsync<UnsupportedSignatureException>(() => InstallAsync());

        Assert.Equal(RegistryErrorCodes.UnsupportedSignature, error.Code);
        Assert.Contains("Ed25519", error.Message, StringComparison.Ordinal);
    }

    [GpgFact]
    public async Task Newest_matching_release_is_chosen_and_prereleases_only_on_exact_request()
    {
        PublishSignedBy(Publisher);
        // ">= 1.0" sees 1.0.0, 1.2.3, 1.3.0-beta1 (prerelease, skipped) and 2.0.0 (darwin only): 1.2.3 for linux.
        var installed = await InstallAsync(">= 1.0");
        Assert.Equal(TestRelease.Version, installed.Version);
    }

    [GpgFact]
    public async Task Signature_by_a_key_revoked_since_is_refused()
    {
        var revoked = _gpg.Key("Revoked <r@example.invalid>");
        var signature = _gpg.DetachSign(_release.Shasums, revoked);
        _gpg.Revoke(revoked);
        _release.Publish(_registry, [_gpg.ExportArmored(revoked)], signature);

        var error = await Assert.ThrowsAsync<SignatureInvalidException>(() => InstallAsync());
        Assert.Contains("revoked", error.Message, StringComparison.Ordinal);
    }

    [GpgFact]
    public async Task Signature_made_after_the_key_expired_is_refused_but_one_made_before_is_accepted()
    {
        var created = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var key = _gpg.KeyCreatedAt("Expiring <x@example.invalid>", created);
        var signedNow = _gpg.DetachSign(_release.Shasums, key);
        // A later self-signature (still in 2020) limits the key to one day: the signature above is from after that.
        _gpg.SetExpiryOneDayAfter(key, created.AddHours(1));
        _release.Publish(_registry, [_gpg.ExportArmored(key)], signedNow);

        var error = await Assert.ThrowsAsync<SignatureInvalidException>(() => InstallAsync());
        Assert.Contains("expired on 2020-01-02", error.Message, StringComparison.Ordinal);

        // A release signed while the key was valid stays installable after the key expires.
        _release.Publish(_registry, [_gpg.ExportArmored(key)], _gpg.DetachSign(_release.Shasums, key, at: created.AddHours(3)));
        var installed = await InstallAsync();
        Assert.Equal(PackageAuthenticationKind.Verified, installed.Authentication.Kind);
    }

    [GpgFact]
    public async Task Concurrent_installs_of_one_package_all_succeed_with_one_copy_in_the_cache()
    {
        PublishSignedBy(Publisher);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => InstallAsync()));

        Assert.All(results, r => Assert.Equal(ExpectedDirectory, r.Directory));
        Assert.Equal(2, Directory.GetFiles(ExpectedDirectory).Length);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_cache.FullName, ".tmp")));
    }

    [GpgFact]
    public async Task Cancellation_surfaces_as_OperationCanceledException_not_as_an_unreachable_host()
    {
        PublishSignedBy(Publisher);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var installer = TestRelease.NewInstaller(_registry, _http, _cache.FullName);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            installer.InstallAsync(_release.Address(_registry), VersionConstraints.Any, TestRelease.Platform, cancelled.Token));
    }

    [GpgFact]
    public async Task Staging_left_by_a_crashed_install_is_removed_when_old_and_kept_when_fresh()
    {
        PublishSignedBy(Publisher);
        var temp = Directory.CreateDirectory(Path.Combine(_cache.FullName, ".tmp"));
        var stale = Directory.CreateDirectory(Path.Combine(temp.FullName, "crashed"));
        stale.LastWriteTimeUtc = DateTime.UtcNow.AddDays(-2);
        var fresh = Directory.CreateDirectory(Path.Combine(temp.FullName, "in-progress-elsewhere"));

        await InstallAsync();

        Assert.False(Directory.Exists(stale.FullName));
        Assert.True(Directory.Exists(fresh.FullName));
    }
}
