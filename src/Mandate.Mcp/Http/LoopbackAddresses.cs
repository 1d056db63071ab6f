namespace Mandate.Mcp.Http;

using System.Net;

/// <summary>Which hosts, origins and bind addresses are this machine only.</summary>
public static class LoopbackAddresses
{
    /// <summary>True for localhost names and loopback IP literals (127.0.0.0/8, ::1).</summary>
    public static bool IsLoopbackHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var bare = host.Trim('[', ']');
        return string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase)
            || bare.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(bare, out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>
    /// Refuses anonymous read-only access unless every address in <paramref name="urls"/> (';'-separated,
    /// as --urls) is loopback: anonymous access is for a developer's own machine, never a network.
    /// </summary>
    /// <returns>Null when allowed, else one line saying why not.</returns>
    public static string? EnsureAnonymousAllowed(string urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        foreach (var part in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri) || !IsLoopbackHost(uri.Host))
            {
                return $"anonymous read-only MCP access is allowed only when every listen address is loopback; '{part}' is not (use 127.0.0.1, [::1] or localhost, or drop the anonymous option)";
            }
        }

        return null;
    }
}
