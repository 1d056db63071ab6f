using System.Globalization;
using System.Text.Json;

namespace Mandate.Providers.Registry;

/// <summary>
/// The provider registry protocol (<c>providers.v1</c>) against any host: registry.terraform.io,
/// registry.opentofu.org or a private one. Each provider address names its own host, so one instance
/// serves all hosts; service discovery answers are cached per host.
/// </summary>
public sealed class RegistrySource : IProviderSource
{
    private readonly HttpClient _http;
    private readonly ServiceDiscovery _discovery;

    /// <summary>Creates a registry source.</summary>
    /// <param name="http">The client for discovery and protocol requests.</param>
    /// <param name="discovery">Service discovery; one per client is typical.</param>
    public RegistrySource(HttpClient http, ServiceDiscovery discovery)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _discovery = discovery ?? throw new ArgumentNullException(nameof(discovery));
    }

    /// <inheritdoc/>
    public string Description => "provider registries";

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<AvailableVersion>> AvailableVersionsAsync(ProviderAddress provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var baseUrl = await _discovery.ResolveAsync(provider.Hostname, ServiceDiscovery.ProvidersV1, cancellationToken);
        var url = new Uri(baseUrl, $"{provider.Namespace}/{provider.Type}/versions");
        using var document = await RegistryHttp.GetJsonOrNullAsync(_http, url, provider.Hostname, cancellationToken)
            ?? throw new ProviderNotFoundException(provider,
                $"Provider {provider.ForDisplay()} does not exist on registry {provider.Hostname} ({url} answered 404). " +
                "Check the namespace and type spelling, e.g. \"hashicorp/aws\".");
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("versions", out var versions) || versions.ValueKind != JsonValueKind.Array)
        {
            throw new ProviderInstallException(RegistryErrorCodes.ProtocolViolation,
                $"The registry response from {url} has no \"versions\" array.");
        }
        var result = new List<AvailableVersion>();
        foreach (var entry in versions.EnumerateArray())
        {
            // Terraform skips entries it cannot parse instead of failing the whole list; one odd tag
            // should not make every other version of the provider uninstallable.
            if (!ProviderVersion.TryParse(RegistryHttp.OptionalString(entry, "version"), out var version))
                continue;
            var platforms = new List<ProviderPlatform>();
            if (entry.TryGetProperty("platforms", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var p in list.EnumerateArray())
                {
                    var os = RegistryHttp.OptionalString(p, "os");
                    var arch = RegistryHttp.OptionalString(p, "arch");
                    if (os is not null && arch is not null)
                        platforms.Add(new ProviderPlatform(os, arch));
                }
            }
            result.Add(new AvailableVersion(version, RegistryHttp.StringArray(entry, "protocols"), platforms));
        }
        return result;
    }

    /// <inheritdoc/>
    public async ValueTask<PackageMeta> PackageMetaAsync(ProviderAddress provider, ProviderVersion version, ProviderPlatform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(version);
        var baseUrl = await _discovery.ResolveAsync(provider.Hostname, ServiceDiscovery.ProvidersV1, cancellationToken);
        var url = new Uri(baseUrl, $"{provider.Namespace}/{provider.Type}/{version}/download/{platform.Os}/{platform.Arch}");
        using var document = await RegistryHttp.GetJsonOrNullAsync(_http, url, provider.Hostname, cancellationToken)
            ?? throw new ProviderPlatformNotSupportedException(provider, version, platform,
                $"Provider {provider.ForDisplay()} {version} has no package for {platform} on registry {provider.Hostname} " +
                $"({url} answered 404); pick a version built for {platform}.");
        var root = document.RootElement;
        var os = RegistryHttp.OptionalString(root, "os");
        var arch = RegistryHttp.OptionalString(root, "arch");
        if ((os is not null && os != platform.Os) || (arch is not null && arch != platform.Arch))
        {
            throw new ProviderInstallException(RegistryErrorCodes.ProtocolViolation,
                $"The registry answered the request for a {platform} package of {provider.ForDisplay()} {version} with one for {os}_{arch} ({url}).");
        }
        var protocols = RegistryHttp.StringArray(root, "protocols");
        CheckProtocolSupported(provider, version, protocols);
        var filename = RegistryHttp.RequiredString(root, "filename", url);
        var downloadUrl = ResolveUrl(url, RegistryHttp.RequiredString(root, "download_url", url), "download_url");
        var shasum = RegistryHttp.RequiredString(root, "shasum", url);
        if (shasum.Length != 64 || !shasum.All(char.IsAsciiHexDigit))
        {
            throw new ProviderInstallException(RegistryErrorCodes.ProtocolViolation,
                $"The registry response from {url} has shasum \"{shasum}\", which is not 64 hex digits of SHA-256.");
        }
        var shasumsUrl = OptionalUrl(url, root, "shasums_url");
        var signatureUrl = OptionalUrl(url, root, "shasums_signature_url");
        return new PackageMeta(
            provider, version, platform,
            protocols,
            filename,
            new PackageHttpUrl(downloadUrl),
            new RegistryChecksums(shasum.ToLowerInvariant(), shasumsUrl, signatureUrl, ReadSigningKeys(root)));
    }

    /// <summary>Plugin protocol major versions this runtime speaks.</summary>
    public static readonly IReadOnlyList<int> SupportedProtocolMajors = [5, 6];

    // A package that speaks only protocol 4 (Terraform 0.11 era) would download fine and then fail to launch;
    // say so before downloading, as Terraform does.
    private static void CheckProtocolSupported(ProviderAddress provider, ProviderVersion version, IReadOnlyList<string> protocols)
    {
        if (protocols.Count == 0)
            return;
        foreach (var protocol in protocols)
        {
            var major = protocol.Split('.')[0];
            if (int.TryParse(major, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && SupportedProtocolMajors.Contains(m))
                return;
        }
        throw new ProviderInstallException(RegistryErrorCodes.ProtocolNotSupported,
            $"Provider {provider.ForDisplay()} {version} speaks plugin protocol {string.Join(", ", protocols)}, but only protocols 5 and 6 are supported; " +
            "choose a newer version of the provider.");
    }

    private static List<SigningKey> ReadSigningKeys(JsonElement root)
    {
        var keys = new List<SigningKey>();
        if (root.TryGetProperty("signing_keys", out var signing) && signing.ValueKind == JsonValueKind.Object
            && signing.TryGetProperty("gpg_public_keys", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var key in list.EnumerateArray())
            {
                var armor = RegistryHttp.OptionalString(key, "ascii_armor");
                if (!string.IsNullOrWhiteSpace(armor))
                    keys.Add(new SigningKey(RegistryHttp.OptionalString(key, "key_id") ?? "", armor, RegistryHttp.OptionalString(key, "source") ?? ""));
            }
        }
        return keys;
    }

    private static Uri? OptionalUrl(Uri from, JsonElement root, string property)
    {
        var value = RegistryHttp.OptionalString(root, property);
        return string.IsNullOrEmpty(value) ? null : ResolveUrl(from, value, property);
    }

    // The protocol allows URLs relative to the download endpoint, so a mirror can serve everything from one tree.
    private static Uri ResolveUrl(Uri from, string value, string property)
    {
        if (Uri.TryCreate(from, value, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
            return url;
        throw new ProviderInstallException(RegistryErrorCodes.ProtocolViolation,
            string.Create(CultureInfo.InvariantCulture, $"The registry response from {from} has {property} \"{value}\", which is not an HTTP(S) URL."));
    }
}
