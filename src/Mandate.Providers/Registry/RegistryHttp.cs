using System.Net;
using System.Text.Json;

namespace Mandate.Providers.Registry;

/// <summary>
/// The HTTP plumbing shared by service discovery and the registry protocol: turns transport failures into
/// <see cref="HostUnreachableException"/> and bad bodies into protocol errors, so callers only see typed failures.
/// </summary>
internal static class RegistryHttp
{
    /// <summary>The JSON body of a 200 answer, or null for 404 (the protocol's "no such thing").</summary>
    public static async Task<JsonDocument?> GetJsonOrNullAsync(HttpClient http, Uri url, string hostname, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(http, url, hostname, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new ProviderInstallException(RegistryErrorCodes.Unauthorized,
                $"Registry host {hostname} refused {url} with {(int)response.StatusCode} {response.ReasonPhrase}: it needs credentials this client does not send.");
        }
        ThrowIfUnavailable(response, hostname, url);
        if (!response.IsSuccessStatusCode)
        {
            throw new ProviderInstallException(RegistryErrorCodes.ProtocolViolation,
                $"Registry host {hostname} answered {(int)response.StatusCode} {response.ReasonPhrase} for {url}; expected 200 with a JSON body.");
        }
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new ProviderInstallException(RegistryErrorCodes.ProtocolViolation,
                $"Registry host {hostname} returned invalid JSON from {url}: {ex.Message}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(hostname, url, ex);
        }
    }

    /// <summary>Downloads <paramref name="url"/> into <paramref name="destination"/>.</summary>
    public static async Task DownloadAsync(HttpClient http, Uri url, string hostname, Stream destination, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(http, url, hostname, cancellationToken);
        ThrowIfUnavailable(response, hostname, url);
        if (!response.IsSuccessStatusCode)
        {
            throw new ProviderInstallException(RegistryErrorCodes.ProtocolViolation,
                $"Download of {url} failed: {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
        try
        {
            await response.Content.CopyToAsync(destination, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(hostname, url, ex);
        }
        catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unreachable(hostname, url, ex);
        }
    }

    /// <summary>Downloads a small document (SHA256SUMS, a signature) into memory.</summary>
    public static async Task<byte[]> GetBytesAsync(HttpClient http, Uri url, string hostname, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await DownloadAsync(http, url, hostname, buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>Attempts per request: one retry, as Terraform's registry client does by default.</summary>
    internal const int MaxAttempts = 2;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    // A registry behind a load balancer occasionally answers 502/503 or drops a connection; one retry after a short
    // pause hides that blip, while a host that is really down still fails fast.
    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, Uri url, string hostname, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var last = attempt == MaxAttempts;
            HttpResponseMessage response;
            try
            {
                response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                if (last)
                    throw Unreachable(hostname, url, ex);
                await Task.Delay(RetryDelay, cancellationToken);
                continue;
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                // HttpClient reports its own timeout as a cancellation; the caller did not cancel, so it is the host's fault.
                throw new HostUnreachableException(hostname,
                    $"Registry host {hostname} did not answer {url} within {http.Timeout.TotalSeconds:0.#} s; check the network or the host name.", ex);
            }
            if (last || !IsTransient(response.StatusCode))
                return response;
            response.Dispose();
            await Task.Delay(RetryDelay, cancellationToken);
        }
    }

    // A server error after the retry means the service is down for now: the same situation as no answer at all,
    // so a multi-source may fall back to a mirror.
    private static void ThrowIfUnavailable(HttpResponseMessage response, string hostname, Uri url)
    {
        if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            throw new HostUnreachableException(hostname,
                $"Registry host {hostname} is unavailable: it answered {(int)response.StatusCode} {response.ReasonPhrase} for {url} on each of {MaxAttempts} attempts. Try again later or use a filesystem mirror.");
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static HostUnreachableException Unreachable(string hostname, Uri url, Exception ex) =>
        new(hostname, $"Registry host {hostname} is unreachable ({url}): {ex.Message}. Check the host name and the network, or use a filesystem mirror.", ex);

    public static string RequiredString(JsonElement obj, string property, Uri from)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String)
            return value.GetString()!;
        throw new ProviderInstallException(RegistryErrorCodes.ProtocolViolation,
            $"The registry response from {from} lacks the string property \"{property}\".");
    }

    public static string? OptionalString(JsonElement obj, string property) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static IReadOnlyList<string> StringArray(JsonElement obj, string property)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.Array)
            return [];
        return value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
    }
}
