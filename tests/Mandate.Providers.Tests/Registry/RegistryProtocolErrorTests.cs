using System.Net;
using System.Net.Sockets;
using Mandate.Providers.Registry;

namespace Mandate.Providers.Tests.Registry;

/// <summary>Each way a registry lookup can fail produces its own typed error with an actionable message.</summary>
public sealed class RegistryProtocolErrorTests : IDisposable
{
    private readonly LoopbackRegistry _registry = new();
    private readonly HttpClient _http = TestRelease.NewHttpClient();
    private readonly TestRelease _release = new();

    public void Dispose()
    {
        _registry.Dispose();
        _http.Dispose();
    }

    private RegistrySource Source(params string[] plainHttpHosts) =>
        new(_http, new ServiceDiscovery(_http, plainHttpHosts.Length == 0 ? [_registry.Host] : plainHttpHosts));

    [Fact]
    public async Task Versions_are_listed_with_protocols_and_platforms_and_unparseable_entries_skipped()
    {
        _release.Publish(_registry, [], signature: null);

        var versions = await Source().AvailableVersionsAsync(_release.Address(_registry), CancellationToken.None);

        Assert.Equal(["1.0.0", "1.2.3", "1.3.0-beta1", "2.0.0"], versions.Select(v => v.Version.ToString()));
        var v123 = versions.Single(v => v.Version.ToString() == "1.2.3");
        Assert.Equal(["5.0"], v123.Protocols);
        Assert.Equal([new ProviderPlatform("linux", "amd64"), new ProviderPlatform("darwin", "arm64")], v123.Platforms);
    }

    [Fact]
    public async Task Download_info_resolves_relative_urls_and_reads_signing_keys()
    {
        _release.Publish(_registry, ["-----BEGIN PGP PUBLIC KEY BLOCK-----\n..."], "sig"u8.ToArray());

        var meta = await Source().PackageMetaAsync(_release.Address(_registry), TestRelease.Version, TestRelease.Platform, CancellationToken.None);

        Assert.Equal(new Uri($"{_registry.BaseUrl}/files/{TestRelease.Filename}"), ((PackageHttpUrl)meta.Location).Url);
        Assert.Equal(TestRelease.Filename, meta.Filename);
        Assert.Equal(TestRelease.Hex(_release.Zip), meta.Checksums!.Sha256);
        Assert.Equal(new Uri($"{_registry.BaseUrl}/files/SHA256SUMS.sig"), meta.Checksums.ShasumsSignatureUrl);
        Assert.Equal("Example Corp", Assert.Single(meta.Checksums.SigningKeys).Source);
    }

    [Fact]
    public async Task Unknown_provider_is_ProviderNotFound()
    {
        var address = ProviderAddress.Create(_registry.Host, "nobody", "nothing");
        var error = await Assert.ThrowsAsync<ProviderNotFoundException>(() => Source().AvailableVersionsAsync(address, CancellationToken.None).AsTask());
        Assert.Equal(address, error.Provider);
        Assert.Contains("does not exist on registry", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_version_meeting_the_constraints_is_VersionNotFound_listing_what_exists()
    {
        _release.Publish(_registry, [], signature: null);
        IProviderSource source = Source();

        var error = await Assert.ThrowsAsync<VersionNotFoundException>(() =>
            source.SelectVersionAsync(_release.Address(_registry), VersionConstraints.Parse("~> 3.0"), TestRelease.Platform, CancellationToken.None).AsTask());

        Assert.Contains("\"~> 3.0\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("2.0.0, 1.3.0-beta1, 1.2.3, 1.0.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Matching_version_without_the_platform_is_PlatformNotSupported()
    {
        _release.Publish(_registry, [], signature: null);
        IProviderSource source = Source();

        var error = await Assert.ThrowsAsync<ProviderPlatformNotSupportedException>(() =>
            source.SelectVersionAsync(_release.Address(_registry), VersionConstraints.Parse("2.0.0"), TestRelease.Platform, CancellationToken.None).AsTask());
        Assert.Equal("2.0.0", error.Version.ToString());

        // The download endpoint answers 404 for a platform it lacks, which means the same thing.
        var download = await Assert.ThrowsAsync<ProviderPlatformNotSupportedException>(() =>
            source.PackageMetaAsync(_release.Address(_registry), TestRelease.Version, new ProviderPlatform("windows", "386"), CancellationToken.None).AsTask());
        Assert.Contains("windows_386", download.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closed_port_is_HostUnreachable()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var host = $"127.0.0.1:{port}";
        var error = await Assert.ThrowsAsync<HostUnreachableException>(() =>
            Source(host).AvailableVersionsAsync(ProviderAddress.Create(host, "a", "b"), CancellationToken.None).AsTask());
        Assert.Equal(host, error.Hostname);
        Assert.Equal(RegistryErrorCodes.HostUnreachable, error.Code);
    }

    [Fact]
    public async Task Host_without_providers_v1_in_discovery_is_reported_as_no_registry()
    {
        _registry.Json("/.well-known/terraform.json", """{"modules.v1": "/v1/modules/"}""");
        var error = await Assert.ThrowsAsync<ProviderInstallException>(() =>
            Source().AvailableVersionsAsync(ProviderAddress.Create(_registry.Host, "a", "b"), CancellationToken.None).AsTask());
        Assert.Equal(RegistryErrorCodes.NoProviderRegistry, error.Code);
        Assert.Contains("providers.v1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_json_is_a_protocol_violation_naming_the_url()
    {
        _registry.Set("/v1/providers/a/b/versions", 200, "{not json"u8.ToArray());
        var error = await Assert.ThrowsAsync<ProviderInstallException>(() =>
            Source().AvailableVersionsAsync(ProviderAddress.Create(_registry.Host, "a", "b"), CancellationToken.None).AsTask());
        Assert.Equal(RegistryErrorCodes.ProtocolViolation, error.Code);
        Assert.Contains("/v1/providers/a/b/versions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discovery_is_asked_once_per_host()
    {
        _release.Publish(_registry, [], signature: null);
        var source = Source();
        await source.AvailableVersionsAsync(_release.Address(_registry), CancellationToken.None);
        await source.AvailableVersionsAsync(_release.Address(_registry), CancellationToken.None);
        Assert.Single(_registry.Requests, r => r == "/.well-known/terraform.json");
    }

    [Fact]
    public async Task Unauthorized_answer_is_reported_as_needing_credentials()
    {
        _registry.Set("/v1/providers/a/b/versions", 401, "{}"u8.ToArray());
        var error = await Assert.ThrowsAsync<ProviderInstallException>(() =>
            Source().AvailableVersionsAsync(ProviderAddress.Create(_registry.Host, "a", "b"), CancellationToken.None).AsTask());
        Assert.Equal(RegistryErrorCodes.Unauthorized, error.Code);
        Assert.Contains("credentials", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Package_speaking_only_protocol_4_is_refused_before_download()
    {
        _registry.Json("/v1/providers/a/b/1.0.0/download/linux/amd64", """
            {"protocols": ["4.0"], "os": "linux", "arch": "amd64", "filename": "f.zip", "download_url": "/f.zip", "shasum": "0000000000000000000000000000000000000000000000000000000000000000"}
            """);
        var error = await Assert.ThrowsAsync<ProviderInstallException>(() =>
            Source().PackageMetaAsync(ProviderAddress.Create(_registry.Host, "a", "b"), ProviderVersion.Parse("1.0.0"), TestRelease.Platform, CancellationToken.None).AsTask());
        Assert.Equal(RegistryErrorCodes.ProtocolNotSupported, error.Code);
        Assert.Contains("protocols 5 and 6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Package_for_another_platform_than_asked_is_a_protocol_violation()
    {
        _registry.Json("/v1/providers/a/b/1.0.0/download/linux/amd64", """
            {"protocols": ["5.0"], "os": "darwin", "arch": "arm64", "filename": "f.zip", "download_url": "/f.zip", "shasum": "0000000000000000000000000000000000000000000000000000000000000000"}
            """);
        var error = await Assert.ThrowsAsync<ProviderInstallException>(() =>
            Source().PackageMetaAsync(ProviderAddress.Create(_registry.Host, "a", "b"), ProviderVersion.Parse("1.0.0"), TestRelease.Platform, CancellationToken.None).AsTask());
        Assert.Equal(RegistryErrorCodes.ProtocolViolation, error.Code);
        Assert.Contains("darwin_arm64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_transient_503_is_retried_but_a_persistent_one_is_reported()
    {
        _release.Publish(_registry, [], signature: null);
        var versionsPath = $"/v1/providers/{TestRelease.Namespace}/{TestRelease.Type}/versions";

        _registry.FailNext(versionsPath, 503, times: 1);
        Assert.NotEmpty(await Source().AvailableVersionsAsync(_release.Address(_registry), CancellationToken.None));

        _registry.FailNext(versionsPath, 503, times: 2);
        var error = await Assert.ThrowsAsync<HostUnreachableException>(() =>
            Source().AvailableVersionsAsync(_release.Address(_registry), CancellationToken.None).AsTask());
        Assert.Contains("answered 503", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, _registry.Requests.Count(r => r == versionsPath));
    }
}
