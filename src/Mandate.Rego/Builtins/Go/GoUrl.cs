using System.Globalization;
using System.Text;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins.Go;

/// <summary>The parts of a URL as Go's net/url splits them.</summary>
internal sealed class GoUrl
{
    private enum Mode
    {
        Path,
        Host,
        UserPassword,
        Fragment,
    }

    public string Scheme { get; private set; } = string.Empty;

    public string Host { get; private set; } = string.Empty;

    public string Path { get; private set; } = string.Empty;

    public string RawPath { get; private set; } = string.Empty;

    public string RawQuery { get; private set; } = string.Empty;

    /// <summary>Go's URL.EscapedPath: the original encoding when it differs from the default one.</summary>
    public string EscapedPath => RawPath.Length > 0 ? RawPath : EscapePath(Path);

    public string Fragment { get; private set; } = string.Empty;

    public RegoObject ToObject()
    {
        var b = new RegoObject.Builder();
        void Add(string key, string value)
        {
            if (value.Length > 0) b.Set(key, RegoString.From(value));
        }
        Add("scheme", Scheme);
        (string hostname, string port) = SplitHostPort(Host);
        Add("hostname", hostname);
        Add("port", port);
        Add("path", Path);
        Add("raw_path", RawPath.Length > 0 ? RawPath : Path);
        Add("raw_query", RawQuery);
        Add("fragment", Fragment);
        return b.Build();
    }

    /// <summary>Throws <see cref="FormatException"/> with Go's reason text.</summary>
    public static GoUrl Parse(string raw)
    {
        foreach (char c in raw)
        {
            if (c < 0x20 || c == 0x7F) throw new FormatException("net/url: invalid control character in URL");
        }
        var u = new GoUrl();
        int hash = raw.IndexOf('#', StringComparison.Ordinal);
        string rest = raw;
        if (hash >= 0)
        {
            u.Fragment = Unescape(raw[(hash + 1)..], Mode.Fragment);
            rest = raw[..hash];
        }
        if (rest.Length == 0) return u;

        (u.Scheme, rest) = GetScheme(rest);
        u.Scheme = u.Scheme.ToLowerInvariant();
        int q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            u.RawQuery = rest[(q + 1)..];
            rest = rest[..q];
        }
        if (!rest.StartsWith('/'))
        {
            // "mailto:x@y" and the like: an opaque URI, which carries no host or path.
            if (u.Scheme.Length > 0) return u;
            int colon = rest.IndexOf(':', StringComparison.Ordinal);
            int slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (colon >= 0 && (slash < 0 || colon < slash))
            {
                throw new FormatException("first path segment in URL cannot contain colon");
            }
        }
        if (rest.StartsWith("//", StringComparison.Ordinal) && (u.Scheme.Length > 0 || !rest.StartsWith("///", StringComparison.Ordinal)))
        {
            string authority = rest[2..];
            int slash = authority.IndexOf('/', StringComparison.Ordinal);
            rest = slash < 0 ? string.Empty : authority[slash..];
            if (slash >= 0) authority = authority[..slash];
            u.Host = ParseAuthority(authority);
        }
        u.Path = Unescape(rest, Mode.Path);
        if (EscapePath(u.Path) != rest) u.RawPath = rest;
        return u;
    }

    private static (string Scheme, string Remainder) GetScheme(string raw)
    {
        for (int i = 0; i < raw.Length; i++)
        {
            char c = raw[i];
            if (char.IsAsciiLetter(c)) continue;
            if (char.IsAsciiDigit(c) || c is '+' or '-' or '.')
            {
                if (i == 0) return (string.Empty, raw);
                continue;
            }
            if (c == ':')
            {
                if (i == 0) throw new FormatException("missing protocol scheme");
                return (raw[..i], raw[(i + 1)..]);
            }
            return (string.Empty, raw);
        }
        return (string.Empty, raw);
    }

    private static string ParseAuthority(string authority)
    {
        int at = authority.LastIndexOf('@');
        if (at < 0) return ParseHost(authority);
        string userinfo = authority[..at];
        foreach (char c in userinfo)
        {
            bool ok = char.IsAsciiLetterOrDigit(c) || "-._:~!$&'()*+,;=%@".Contains(c, StringComparison.Ordinal);
            if (!ok) throw new FormatException("net/url: invalid userinfo");
        }
        Unescape(userinfo, Mode.UserPassword);
        return ParseHost(authority[(at + 1)..]);
    }

    private static string ParseHost(string host)
    {
        if (host.StartsWith('['))
        {
            int close = host.LastIndexOf(']');
            if (close < 0) throw new FormatException("missing ']' in host");
            string colonPort = host[(close + 1)..];
            if (!ValidOptionalPort(colonPort)) throw new FormatException($"invalid port {GoQuote.Quote(colonPort)} after host");
            return Unescape(host[..(close + 1)], Mode.Host) + colonPort;
        }
        int colon = host.LastIndexOf(':');
        if (colon >= 0)
        {
            string colonPort = host[colon..];
            if (!ValidOptionalPort(colonPort)) throw new FormatException($"invalid port {GoQuote.Quote(colonPort)} after host");
        }
        return Unescape(host, Mode.Host);
    }

    private static bool ValidOptionalPort(string port) =>
        port.Length == 0 || (port[0] == ':' && port[1..].All(char.IsAsciiDigit));

    private static (string Host, string Port) SplitHostPort(string hostport)
    {
        string host = hostport;
        string port = string.Empty;
        int colon = host.LastIndexOf(':');
        if (colon >= 0 && ValidOptionalPort(host[colon..]) && (!host.StartsWith('[') || host.LastIndexOf(']') < colon))
        {
            port = host[(colon + 1)..];
            host = host[..colon];
        }
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        return (host, port);
    }

    /// <summary>Go's unescape: %XX decoding with its per-component restrictions.</summary>
    private static string Unescape(string s, Mode mode)
    {
        var bytes = new List<byte>(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '%')
            {
                if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2]))
                {
                    string bad = s[i..Math.Min(s.Length, i + 3)];
                    throw new FormatException($"invalid URL escape {GoQuote.Quote(bad)}");
                }
                string escape = s.Substring(i, 3);
                // In a host, escapes may only encode non-ASCII bytes (or "%25" before an IPv6 zone).
                if (mode == Mode.Host && HexValue(s[i + 1]) < 8 && escape != "%25")
                {
                    throw new FormatException($"invalid URL escape {GoQuote.Quote(escape)}");
                }
                bytes.Add(byte.Parse(s.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                i += 2;
                continue;
            }
            if (mode == Mode.Host && c < 0x80 && !IsHostChar(c))
            {
                throw new FormatException($"invalid character {GoQuote.Quote(c.ToString())} in host name");
            }
            int len = char.IsHighSurrogate(c) && i + 1 < s.Length ? 2 : 1;
            bytes.AddRange(Encoding.UTF8.GetBytes(s.Substring(i, len)));
            i += len - 1;
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (char.ToLowerInvariant(c) - 'a' + 10);

    private static bool IsHostChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "-_.~!$&'()*+,;=:[]<>\"".Contains(c, StringComparison.Ordinal);

    /// <summary>Go's escape(path, encodePath): the form a decoded path takes by default.</summary>
    private static string EscapePath(string path)
    {
        var sb = new StringBuilder(path.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(path))
        {
            char c = (char)b;
            bool keep = b < 0x80 && (char.IsAsciiLetterOrDigit(c) || "-_.~$&+,/:;=@".Contains(c, StringComparison.Ordinal));
            if (keep) sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
