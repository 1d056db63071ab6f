namespace Mandate.Cli.Commands;

using Microsoft.AspNetCore.Connections;

/// <summary>Checks `--urls` before the host starts, and explains bind failures in one line.</summary>
internal static class ListenAddresses
{
    /// <summary>Returns null when every address is usable, else what is wrong and what is accepted.</summary>
    public static string? Validate(string urls)
    {
        var parts = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            return "--urls is empty; give at least one address such as http://127.0.0.1:5080";
        }

        foreach (var part in parts)
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return $"--urls: '{part}' is not an http:// or https:// address (example: http://127.0.0.1:5080)";
            }

            if (uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
            {
                return $"--urls: '{part}' has a path or query; give scheme, host and port only (example: http://127.0.0.1:5080)";
            }
        }

        return null;
    }

    /// <summary>Kestrel reports a taken port as an IOException wrapping AddressInUseException.</summary>
    public static string? DescribeBindFailure(IOException failure, string urls)
    {
        if (failure.InnerException is not AddressInUseException)
        {
            return null;
        }

        var address = FindAddress(failure.Message) ?? urls;
        var port = Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
        return $"cannot listen on {address}: port {port} is already in use (stop the other process or choose another address with --urls)";
    }

    // Kestrel's message reads "Failed to bind to address http://127.0.0.1:5080: address already in use.";
    // the address is the token that parses as an absolute URI.
    private static string? FindAddress(string message)
    {
        foreach (var token in message.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = token.TrimEnd(':', '.');
            if (Uri.TryCreate(candidate, UriKind.Absolute, out var uri) && uri.Scheme.StartsWith("http", StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        return null;
    }
}
