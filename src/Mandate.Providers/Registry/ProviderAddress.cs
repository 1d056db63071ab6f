using System.Globalization;

namespace Mandate.Providers.Registry;

/// <summary>
/// A provider's source address, <c>hostname/namespace/type</c>, as written in a Terraform
/// <c>required_providers</c> block. Parts are normalized to lower case so two spellings of one
/// provider compare equal; the host may carry a port (a private or test registry).
/// </summary>
public sealed record ProviderAddress
{
    /// <summary>The public Terraform registry, implied when a source string names no host.</summary>
    public const string DefaultRegistryHost = "registry.terraform.io";

    /// <summary>The namespace implied by a one-part source string such as <c>aws</c>.</summary>
    public const string DefaultNamespace = "hashicorp";

    /// <summary>OpenTofu's public registry; an ordinary host as far as the protocol is concerned.</summary>
    public const string OpenTofuRegistryHost = "registry.opentofu.org";

    private const int MaxPartLength = 64;

    private ProviderAddress(string hostname, string @namespace, string type)
    {
        Hostname = hostname;
        Namespace = @namespace;
        Type = type;
    }

    /// <summary>Registry host name, lower case, optionally with <c>:port</c>.</summary>
    public string Hostname { get; }

    /// <summary>The organisation or user publishing the provider, lower case.</summary>
    public string Namespace { get; }

    /// <summary>The provider type, e.g. <c>aws</c>; also the prefix of its resource type names.</summary>
    public string Type { get; }

    /// <summary>Builds an address from separate parts, validating each as <see cref="Parse"/> does.</summary>
    public static ProviderAddress Create(string hostname, string @namespace, string type)
    {
        ArgumentNullException.ThrowIfNull(hostname);
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(type);
        var source = $"{hostname}/{@namespace}/{type}";
        return new ProviderAddress(
            NormalizeHostname(hostname, source),
            NormalizePart(@namespace, "namespace", source),
            NormalizeType(type, source));
    }

    /// <summary>
    /// Parses <c>type</c>, <c>namespace/type</c> or <c>hostname/namespace/type</c>; missing parts
    /// default to <see cref="DefaultRegistryHost"/> and <see cref="DefaultNamespace"/>.
    /// </summary>
    /// <exception cref="FormatException">The string is not a valid provider source address.</exception>
    public static ProviderAddress Parse(string source) => Parse(source, DefaultRegistryHost);

    /// <summary>
    /// Parses like <see cref="Parse(string)"/>, with another implied host for one- and two-part sources, e.g.
    /// <see cref="OpenTofuRegistryHost"/> where <c>hashicorp/aws</c> means OpenTofu's copy.
    /// </summary>
    public static ProviderAddress Parse(string source, string defaultHostname)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(defaultHostname);
        return ParseCore(source, NormalizeHostname(defaultHostname, defaultHostname));
    }

    /// <summary>Parses like <see cref="Parse"/> but reports failure through <paramref name="error"/>.</summary>
    public static bool TryParse(string source, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ProviderAddress? address, out string error)
    {
        address = null;
        try
        {
            address = ParseCore(source, DefaultRegistryHost);
            error = "";
            return true;
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    private static ProviderAddress ParseCore(string source, string defaultHost)
    {
        if (string.IsNullOrWhiteSpace(source))
            throw new FormatException("Invalid provider source address \"\": expected \"[hostname/]namespace/type\", e.g. \"hashicorp/aws\".");
        var parts = source.Split('/');
        return parts.Length switch
        {
            1 => new ProviderAddress(defaultHost, DefaultNamespace, NormalizeType(parts[0], source)),
            2 => new ProviderAddress(defaultHost, NormalizePart(parts[0], "namespace", source), NormalizeType(parts[1], source)),
            3 => new ProviderAddress(NormalizeHostname(parts[0], source), NormalizePart(parts[1], "namespace", source), NormalizeType(parts[2], source)),
            _ => throw new FormatException(
                $"Invalid provider source address \"{source}\": it has {parts.Length} parts, but at most 3 are allowed (\"hostname/namespace/type\")."),
        };
    }

    private static string NormalizeType(string part, string source)
    {
        var type = NormalizePart(part, "type", source);
        // The release archive and binary are named terraform-provider-<type>; a type that repeats the prefix is a
        // mistake of copying the repository name instead of the provider name.
        const string BinaryPrefix = "terraform-provider-";
        if (type.StartsWith(BinaryPrefix, StringComparison.Ordinal))
            throw new FormatException(
                $"Invalid provider type \"{part}\" in source \"{source}\": leave out the \"{BinaryPrefix}\" prefix, i.e. use \"{type[BinaryPrefix.Length..]}\".");
        return type;
    }

    /// <summary>Namespace and type: letters, digits and single dashes, not at either end; compared case-insensitively.</summary>
    private static string NormalizePart(string part, string what, string source)
    {
        if (part.Length == 0)
            throw new FormatException($"Invalid provider source address \"{source}\": the {what} is empty.");
        if (part.Length > MaxPartLength)
            throw new FormatException($"Invalid provider {what} \"{part}\" in source \"{source}\": at most {MaxPartLength} characters are allowed.");
        foreach (var c in part)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                throw new FormatException(
                    $"Invalid provider {what} \"{part}\" in source \"{source}\": '{c}' is not allowed; use only letters, digits and dashes.");
        }
        if (part[0] == '-' || part[^1] == '-')
            throw new FormatException($"Invalid provider {what} \"{part}\" in source \"{source}\": it may not start or end with a dash.");
        // A double dash is reserved for punycode-encoded names, which provider names never are.
        if (part.Contains("--", StringComparison.Ordinal))
            throw new FormatException($"Invalid provider {what} \"{part}\" in source \"{source}\": it may not contain two consecutive dashes.");
        return part.ToLowerInvariant();
    }

    private static string NormalizeHostname(string host, string source)
    {
        var name = host;
        var portIndex = host.LastIndexOf(':');
        if (portIndex >= 0)
        {
            var port = host[(portIndex + 1)..];
            if (!ushort.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var portNumber) || portNumber == 0)
                throw new FormatException($"Invalid registry hostname \"{host}\" in source \"{source}\": the port \"{port}\" is not a number from 1 to 65535.");
            name = host[..portIndex];
        }
        if (name.Length == 0)
            throw new FormatException($"Invalid provider source address \"{source}\": the hostname is empty.");
        foreach (var label in name.Split('.'))
        {
            var valid = label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-';
            foreach (var c in label)
                valid &= char.IsAsciiLetterOrDigit(c) || c == '-';
            if (!valid)
                throw new FormatException(
                    $"Invalid registry hostname \"{host}\" in source \"{source}\": each dot-separated label must be 1-63 letters, digits or dashes, not starting or ending with a dash.");
        }
        return host.ToLowerInvariant();
    }

    /// <summary>The short form people write: <c>namespace/type</c> on the default registry, the full address elsewhere.</summary>
    public string ForDisplay() =>
        Hostname == DefaultRegistryHost ? $"{Namespace}/{Type}" : ToString();

    /// <summary>The fully qualified address, <c>hostname/namespace/type</c>.</summary>
    public override string ToString() => $"{Hostname}/{Namespace}/{Type}";
}
