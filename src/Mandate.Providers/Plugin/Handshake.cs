using System.Globalization;

namespace Mandate.Providers.Plugin;

/// <summary>
/// The go-plugin handshake as Terraform providers expect it: the magic cookie in the environment, the protocol
/// versions we speak, and the one line the plugin prints on stdout once it listens.
/// </summary>
public static class Handshake
{
    /// <summary>Terraform's cookie; a provider started without it refuses to run ("not meant to be executed directly").</summary>
    public const string MagicCookieKey = "TF_PLUGIN_MAGIC_COOKIE";

    public const string MagicCookieValue = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

    /// <summary>The application protocol versions we can drive, in preference order as go-plugin reads them.</summary>
    public const string ProtocolVersions = "5,6";

    /// <summary>The only go-plugin core protocol version there is.</summary>
    public const int CoreProtocolVersion = 1;
}

/// <summary>
/// The parsed handshake line <c>1|5|unix|/tmp/plugin123|grpc|BASE64DER</c>: core version, negotiated application
/// protocol, network, address, RPC protocol and (with AutoMTLS) the server certificate.
/// </summary>
public sealed record HandshakeLine(int ProtocolVersion, string Network, string Address, byte[]? ServerCertificate)
{
    public static HandshakeLine Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var parts = line.Trim().Split('|');
        if (parts.Length < 5)
        {
            throw Invalid(line, $"expected at least 5 '|'-separated fields, found {parts.Length}");
        }

        if (parts[0] != Handshake.CoreProtocolVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw Invalid(line, $"go-plugin core protocol '{parts[0]}' is not supported (only {Handshake.CoreProtocolVersion})");
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version is not (5 or 6))
        {
            throw Invalid(line, $"the plugin chose protocol version '{parts[1]}'; Mandate speaks 5 and 6");
        }

        if (parts[2] is not ("unix" or "tcp"))
        {
            throw Invalid(line, $"network '{parts[2]}' is not supported (unix or tcp)");
        }

        if (parts[4] != "grpc")
        {
            throw Invalid(line, $"RPC protocol '{parts[4]}' is not supported; providers speak grpc");
        }

        byte[]? certificate = null;
        if (parts.Length > 5 && parts[5].Length > 0)
        {
            certificate = DecodeUnpadded(parts[5]) ?? throw Invalid(line, "the server certificate field is not base64");
        }

        return new HandshakeLine(version, parts[2], parts[3], certificate);
    }

    /// <summary>go-plugin writes standard base64 without '=' padding; .NET insists on it.</summary>
    private static byte[]? DecodeUnpadded(string text)
    {
        var padded = (text.Length % 4) switch
        {
            2 => text + "==",
            3 => text + "=",
            _ => text,
        };
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static FormatException Invalid(string line, string why) =>
        new($"Invalid plugin handshake line '{line}': {why}.");
}
