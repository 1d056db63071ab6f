using System.IO.Compression;
using Mandate.Providers.Registry;

namespace Mandate.Providers.Tests.Registry;

/// <summary>Filesystem mirrors in both layouts, read without network, and preferred over a registry.</summary>
// Unix file modes are part of what is tested (the provider must be executable).
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FilesystemMirrorTests : IDisposable
{
    private static readonly ProviderAddress Demo = ProviderAddress.Parse("example/demo");
    private static readonly ProviderPlatform Linux = new("linux", "amd64");
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mandate-mirror");

    public void Dispose() => _root.Delete(recursive: true);

    private string Unpacked(string version, string platform = "linux_amd64")
    {
        var dir = Path.Combine(_root.FullName, "registry.terraform.io", "example", "demo", version, platform);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, $"terraform-provider-demo_v{version}_x5"), "#!/bin/sh\n");
        return dir;
    }

    private string Packed(string version, string platform = "linux_amd64")
    {
        var dir = Path.Combine(_root.FullName, "registry.terraform.io", "example", "demo");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"terraform-provider-demo_{version}_{platform}.zip");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var s = zip.CreateEntry($"terraform-provider-demo_v{version}_x5").Open())
            s.Write("#!/bin/sh\n"u8);
        return path;
    }

    [Fact]
    public async Task Lists_unpacked_and_packed_versions_with_their_platforms()
    {
        Unpacked("1.0.0");
        Unpacked("1.0.0", "darwin_arm64");
        Packed("1.1.0");
        Directory.CreateDirectory(Path.Combine(_root.FullName, "registry.terraform.io", "example", "demo", "2.0.0", "linux_amd64")); // empty: ignored
        Directory.CreateDirectory(Path.Combine(_root.FullName, "registry.terraform.io", "example", "demo", "latest")); // not a version: ignored

        var versions = await new FilesystemMirrorSource(_root.FullName).AvailableVersionsAsync(Demo, CancellationToken.None);

        Assert.Equal(["1.0.0", "1.1.0"], versions.Select(v => v.Version.ToString()).Order());
        Assert.Equal([new ProviderPlatform("darwin", "arm64"), Linux], versions.Single(v => v.Version.ToString() == "1.0.0").Platforms.OrderBy(p => p.Os));
    }

    [Fact]
    public async Task Missing_provider_is_ProviderNotFound_naming_the_directory()
    {
        var error = await Assert.ThrowsAsync<ProviderNotFoundException>(() =>
            new FilesystemMirrorSource(_root.FullName).AvailableVersionsAsync(Demo, CancellationToken.None).AsTask());
        Assert.Contains(Path.Combine(_root.FullName, "registry.terraform.io", "example", "demo"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unpacked_package_is_used_in_place_and_packed_one_is_extracted_into_the_cache()
    {
        var unpacked = Unpacked("1.0.0");
        Packed("1.1.0");
        var cache = Path.Combine(_root.FullName, "cache");
        using var http = new HttpClient();
        var installer = new ProviderInstaller(new FilesystemMirrorSource(_root.FullName), cache, http, new PackageAuthenticator(http));

        var inPlace = await installer.InstallAsync(Demo, VersionConstraints.Parse("1.0.0"), Linux);
        var extracted = await installer.InstallAsync(Demo, VersionConstraints.Parse("~> 1.1"), Linux);

        Assert.Equal(unpacked, inPlace.Directory);
        Assert.Equal(PackageAuthenticationKind.LocalMirror, inPlace.Authentication.Kind);
        Assert.Equal(Path.Combine(cache, "registry.terraform.io", "example", "demo", "1.1.0", "linux_amd64"), extracted.Directory);
        Assert.Equal(PackageAuthenticationKind.LocalMirror, extracted.Authentication.Kind);
        Assert.True(File.GetUnixFileMode(extracted.ExecutablePath).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public async Task Mirror_before_registry_means_no_network_call_when_the_mirror_has_a_match()
    {
        Unpacked("1.0.0");
        using var registry = new LoopbackRegistry();
        using var http = TestRelease.NewHttpClient();
        var address = ProviderAddress.Create(registry.Host, "example", "demo");
        var dir = Path.Combine(_root.FullName, registry.Host, "example", "demo", "1.0.0", "linux_amd64");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "terraform-provider-demo_v1.0.0_x5"), "#!/bin/sh\n");
        var sources = ProviderSources.Create(Path.Combine(_root.FullName, "cache"), [_root.FullName],
            new RegistrySource(http, new ServiceDiscovery(http, [registry.Host])));
        var installer = new ProviderInstaller(sources, Path.Combine(_root.FullName, "cache"), http, new PackageAuthenticator(http));

        var installed = await installer.InstallAsync(address, VersionConstraints.Parse("~> 1.0"), Linux);

        Assert.Equal(dir, installed.Directory);
        Assert.Empty(registry.Requests);
    }

    [Fact]
    public async Task Offline_machine_still_installs_from_a_mirror_when_the_registry_host_is_unreachable()
    {
        Unpacked("1.0.0");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        // Union listing must survive an unreachable registry as long as a mirror answered.
        var multi = new MultiSource([new FilesystemMirrorSource(_root.FullName),
            new RegistrySource(http, new ServiceDiscovery(http, ["127.0.0.1:9"]))]);
        var versions = await multi.AvailableVersionsAsync(Demo, CancellationToken.None);
        Assert.Equal("1.0.0", Assert.Single(versions).Version.ToString());
    }

    [Fact]
    public async Task Directory_names_match_case_insensitively_as_terraform_normalizes_them()
    {
        var dir = Path.Combine(_root.FullName, "Registry.Terraform.IO", "Example", "Demo", "1.0.0", "linux_amd64");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "terraform-provider-demo"), "#!/bin/sh\n");
        var packedDir = Path.Combine(_root.FullName, "registry.terraform.io", "EXAMPLE", "demo");
        Directory.CreateDirectory(packedDir);
        using (var zip = ZipFile.Open(Path.Combine(packedDir, "Terraform-Provider-Demo_1.1.0_linux_amd64.zip"), ZipArchiveMode.Create))
            zip.CreateEntry("terraform-provider-demo");

        var source = new FilesystemMirrorSource(_root.FullName);
        var versions = await source.AvailableVersionsAsync(Demo, CancellationToken.None);

        Assert.Equal(["1.0.0", "1.1.0"], versions.Select(v => v.Version.ToString()).Order());
        var meta = await source.PackageMetaAsync(Demo, ProviderVersion.Parse("1.0.0"), Linux, CancellationToken.None);
        Assert.Equal(dir, ((PackageLocalDirectory)meta.Location).Path);
    }
}
