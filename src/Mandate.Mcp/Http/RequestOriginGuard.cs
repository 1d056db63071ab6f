namespace Mandate.Mcp.Http;

using Microsoft.AspNetCore.Http;

/// <summary>
/// DNS-rebinding defence: a page on evil.example that rebinds its name to 127.0.0.1 reaches us with its own
/// <c>Host</c> and <c>Origin</c>. Both are checked: the host must be loopback, a bound address or configured;
/// an origin, when sent, must be loopback or configured.
/// </summary>
internal sealed class RequestOriginGuard(McpHttpOptions options)
{
    /// <summary>Null when the request may proceed, else why it is refused.</summary>
    public string? Check(HttpRequest request)
    {
        var host = request.Host.Host;
        if (string.IsNullOrEmpty(host))
        {
            return "the request has no Host header";
        }

        if (!IsAllowedHost(host, request.HttpContext))
        {
            return $"Host '{host}' is not allowed; only loopback names and configured hosts may reach /mcp";
        }

        if (request.Headers.Origin is { Count: > 0 } origins)
        {
            var origin = origins.ToString();
            if (!IsAllowedOrigin(origin))
            {
                return $"Origin '{origin}' is not allowed; only loopback and configured origins may call /mcp";
            }
        }

        return null;
    }

    private bool IsAllowedHost(string host, HttpContext context)
    {
        if (LoopbackAddresses.IsLoopbackHost(host) || options.AllowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        // A request to the literal address the server is bound to (e.g. 10.0.0.5 when listening there) cannot be
        // a rebinding: the attacker's name would be in Host.
        var local = context.Connection.LocalIpAddress;
        return local is not null && System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && ip.Equals(local);
    }

    private bool IsAllowedOrigin(string origin)
    {
        if (options.AllowedOrigins.Any(o => string.Equals(o.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && LoopbackAddresses.IsLoopbackHost(uri.Host);
    }
}
