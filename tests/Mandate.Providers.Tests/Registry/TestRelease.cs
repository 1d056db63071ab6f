using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Mandate.Providers.Registry;

namespace Mandate.Providers.Tests.Registry;

/// <summary>
/// A fake provider release as a publisher makes it: a zip holding a tiny executable, SHA256SUMS listing the
/// zip (and another platform's), and what a registry serves about it. Tests publish it to a
/// <see cref="LoopbackRegistry"/>, optionally altered in one place.
/// </summary>
internal sealed class TestRelease
{
    public const string Namespace = "example";
    public const string Type = "demo";
    public static readonly ProviderVersion Version = ProviderVersion.Parse("1.2.3");
    public static readonly ProviderPlatform Platform = new("linux", "amd64");
    public static readonly string ExecutableName = $"terraform-provider-{Type}_v{Version}_x5";
    public static readonly byte[] ExecutableContent = "#!/bin/sh\necho 'demo provider'\n"u8.ToArray();

    public TestRelease()
    {
        Zip = BuildZip();
        Shasums = Encoding.UTF8.GetBytes(
            $"{Hex(Zip)}  {Filename}\n" +
            $"{Hex("other platform"u8.ToArray())}  terraform-provider-{Type}_{Version}_darwin_arm64.zip\n");
    }

    public static string Filename => ProviderPackageLayout.ArchiveName(ProviderAddress.Create("x", Namespace, Type), Version, Platform);

    public byte[] Zip { get; }

    public byte[] Shasums { get; }

    public static string Hex(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public ProviderAddress Address(LoopbackRegistry registry) => ProviderAddress.Create(registry.Host, Namespace, Type);

    /// <summary>Publishes the release; each argument, when given, replaces the genuine artefact.</summary>
    public void Publish(
        LoopbackRegistry registry, IReadOnlyList<string> armoredKeys, byte[]? signature,
        byte[]? servedZip = null, byte[]? servedShasums = null, string? claimedShasum = null)
    {
        registry.Json($"/v1/providers/{Namespace}/{Type}/versions", $$"""
            {"versions": [
              {"version": "1.0.0", "protocols": ["5.0"], "platforms": [{"os": "linux", "arch": "amd64"}]},
              {"version": "{{Version}}", "protocols": ["5.0"], "platforms": [{"os": "linux", "arch": "amd64"}, {"os": "darwin", "arch": "arm64"}]},
              {"version": "1.3.0-beta1", "protocols": ["5.0"], "platforms": [{"os": "linux", "arch": "amd64"}]},
              {"version": "2.0.0", "protocols": ["6.0"], "platforms": [{"os": "darwin", "arch": "arm64"}]},
              {"version": "not-a-version", "protocols": ["5.0"], "platforms": []}
            ]}
            """);
        var keys = string.Join(",", armoredKeys.Select((k, i) =>
            $$"""{"key_id": "KEY{{i}}", "ascii_armor": {{System.Text.Json.JsonSerializer.Serialize(k)}}, "source": "Example Corp"}"""));
        var signatureProperty = signature is null ? "" : $"\"shasums_signature_url\": \"{registry.BaseUrl}/files/SHA256SUMS.sig\",";
        // download_url is relative on purpose: the protocol resolves it against the download endpoint.
        registry.Json($"/v1/providers/{Namespace}/{Type}/{Version}/download/{Platform.Os}/{Platform.Arch}", $$"""
            {
              "protocols": ["5.0"], "os": "{{Platform.Os}}", "arch": "{{Platform.Arch}}",
              "filename": "{{Filename}}",
              "download_url": "/files/{{Filename}}",
              "shasums_url": "{{registry.BaseUrl}}/files/SHA256SUMS",
              {{signatureProperty}}
              "shasum": "{{claimedShasum ?? Hex(Zip)}}",
              "signing_keys": {"gpg_public_keys": [{{keys}}]}
            }
            """);
        registry.Set($"/files/{Filename}", 200, servedZip ?? Zip);
        registry.Set("/files/SHA256SUMS", 200, servedShasums ?? Shasums);
        if (signature is not null)
            registry.Set("/files/SHA256SUMS.sig", 200, signature);
        else
            registry.Remove("/files/SHA256SUMS.sig");
    }

    private static byte[] BuildZip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            // No Unix mode bits are stored: the installer must make the executable launchable itself.
            var exe = zip.CreateEntry(ExecutableName);
            using (var s = exe.Open())
                s.Write(ExecutableContent);
            var readme = zip.CreateEntry("README.md");
            using (var s = readme.Open())
                s.Write("demo provider for tests\n"u8);
        }
        return buffer.ToArray();
    }

    // Generous: six agents share two cores here, and a stalled test run must not look like an unreachable host.
    public static HttpClient NewHttpClient() => new() { Timeout = TimeSpan.FromSeconds(60) };

    public static ProviderInstaller NewInstaller(LoopbackRegistry registry, HttpClient http, string cache, bool allowUnsigned = false)
    {
        var source = new RegistrySource(http, new ServiceDiscovery(http, [registry.Host]));
        return new ProviderInstaller(source, cache, http, new PackageAuthenticator(http) { AllowUnsigned = allowUnsigned });
    }
}
