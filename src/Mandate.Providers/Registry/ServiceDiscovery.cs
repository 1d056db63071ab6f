using System.Collections.Concurrent;
using System.Text.Json;

namespace Mandate.Providers.Registry;

/// <summary>
/// Terraform's remote service discovery: <c>GET https://host/.well-known/terraform.json</c> maps service ids
/// such as <c>providers.v1</c> to base URLs (absolute, or relative to the discovery document). Answers are
/// cached per host for the lifetime of this object.
/// </summary>
public sealed class ServiceDiscovery
{
    /// <summary>The service id of the provider registry protocol, version 1.</summary>
    public const string ProvidersV1 = "providers.v1";

    private readonly HttpClient _http;
    private readonly HashSet<string> _plainHttpHosts;
    private readonly ConcurrentDictionary<string, Lazy<Task<JsonElement>>> _documents = new(StringComparer.Ordinal);

    /// <summary>Creates a discovery client.</summary>
    /// <param name="http">The client for all requests; its timeout bounds each call.</param>
    /// <param name="plainHttpHosts">
    /// Hosts (with port) reached over plain <c>http://</c> instead of HTTPS. Meant for loopback test registries;
    /// a real registry must use HTTPS, as in Terraform.
    /// </param>
    public ServiceDiscovery(HttpClient http, IEnumerable<string>? plainHttpHosts = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _plainHttpHosts = (plainHttpHosts ?? []).Select(h => h.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The base URL of <paramref name="serviceId"/> on <paramref name="hostname"/>, always ending in '/'.</summary>
    /// <exception cref="ProviderInstallException">The host does not offer the service (<see cref="RegistryErrorCodes.NoProviderRegistry"/>).</exception>
    public async Task<Uri> ResolveAsync(string hostname, string serviceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hostname);
        var discoveryUrl = DiscoveryUrl(hostname);
        var lazy = _documents.GetOrAdd(hostname, h => new Lazy<Task<JsonElement>>(() => FetchAsync(h, discoveryUrl)));
        JsonElement document;
        try
        {
            document = await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (ProviderInstallException)
        {
            // Do not remember a failure: the next attempt may find the host up again.
            _documents.TryRemove(new KeyValuePair<string, Lazy<Task<JsonElement>>>(hostname, lazy));
            throw;
        }
        var value = RegistryHttp.OptionalString(document, serviceId)
            ?? throw new ProviderInstallException(RegistryErrorCodes.NoProviderRegistry,
                $"Host {hostname} does not offer a provider registry: its {discoveryUrl} has no \"{serviceId}\" entry.");
        if (!Uri.TryCreate(discoveryUrl, value, out var resolved) || (resolved.Scheme != Uri.UriSchemeHttps && resolved.Scheme != Uri.UriSchemeHttp))
        {
            throw new ProviderInstallException(RegistryErrorCodes.ProtocolViolation,
                $"Host {hostname} gives \"{value}\" for \"{serviceId}\", which is not an HTTP(S) URL.");
        }
        // Relative resolution of "versions" needs a trailing slash, or the last path segment would be replaced.
        return resolved.AbsoluteUri.EndsWith('/') ? resolved : new Uri(resolved.AbsoluteUri + "/");
    }

    private Uri DiscoveryUrl(string hostname) =>
        new($"{(_plainHttpHosts.Contains(hostname) ? "http" : "https")}://{hostname}/.well-known/terraform.json");

    private async Task<JsonElement> FetchAsync(string hostname, Uri url)
    {
        // Shared by concurrent callers, so it must not observe any one caller's token; HttpClient.Timeout bounds it.
        using var document = await RegistryHttp.GetJsonOrNullAsync(_http, url, hostname, CancellationToken.None)
            ?? throw new ProviderInstallException(RegistryErrorCodes.NoProviderRegistry,
                $"Host {hostname} does not offer Terraform services: {url} was not found (404).");
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ProviderInstallException(RegistryErrorCodes.ProtocolViolation,
                $"Host {hostname} returned a discovery document at {url} that is not a JSON object.");
        }
        return document.RootElement.Clone();
    }
}
