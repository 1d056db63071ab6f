using System.Formats.Asn1;
using System.Text;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// The subject alternative names of a certificate or CSR (GeneralNames, RFC 5280 4.2.1.6) split the way Go's
/// x509 package splits them: DNS names, e-mail addresses, IP addresses (as text) and URIs.
/// </summary>
internal sealed class X509GeneralNames
{
    public List<string> Dns { get; } = [];

    public List<string> Email { get; } = [];

    public List<string> Ip { get; } = [];

    public List<string> Uri { get; } = [];

    public static X509GeneralNames Read(byte[] extensionValue)
    {
        var result = new X509GeneralNames();
        var names = new AsnReader(extensionValue, AsnEncodingRules.BER).ReadSequence();
        while (names.HasData)
        {
            var tag = names.PeekTag();
            if (tag.TagClass != TagClass.ContextSpecific)
            {
                names.ReadEncodedValue();
                continue;
            }
            switch (tag.TagValue)
            {
                case 1:
                    result.Email.Add(Text(names, 1));
                    break;
                case 2:
                    result.Dns.Add(Text(names, 2));
                    break;
                case 6:
                    result.Uri.Add(Text(names, 6));
                    break;
                case 7:
                    var bytes = names.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 7));
                    if (bytes.Length is 4 or 16)
                    {
                        var bits = UInt128.Zero;
                        foreach (var b in bytes)
                        {
                            bits = (bits << 8) | b;
                        }
                        var address = bytes.Length == 4 || (bits >> 32) == 0xFFFF
                            ? new NetAddress(bits & (bytes.Length == 4 ? 0xFFFF_FFFF : UInt128.MaxValue), bytes.Length == 4)
                            : new NetAddress(bits, false);
                        result.Ip.Add(address.ToString());
                    }
                    break;
                default:
                    names.ReadEncodedValue();
                    break;
            }
        }
        return result;
    }

    /// <summary>Go's <c>url.URL</c> as encoding/json writes it.</summary>
    public static RegoValue UriJson(string text)
    {
        var o = new RegoObject.Builder();
        string scheme = "", host = "", path = text, query = "", fragment = "", opaque = "";
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            scheme = text[..colon];
            var rest = text[(colon + 1)..];
            var hash = rest.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                fragment = rest[(hash + 1)..];
                rest = rest[..hash];
            }
            var question = rest.IndexOf('?', StringComparison.Ordinal);
            if (question >= 0)
            {
                query = rest[(question + 1)..];
                rest = rest[..question];
            }
            if (rest.StartsWith("//", StringComparison.Ordinal))
            {
                rest = rest[2..];
                var slash = rest.IndexOf('/', StringComparison.Ordinal);
                host = slash < 0 ? rest : rest[..slash];
                path = slash < 0 ? "" : rest[slash..];
            }
            else if (!rest.StartsWith('/'))
            {
                opaque = rest;
                path = "";
            }
            else
            {
                path = rest;
            }
        }
        o.Set("Scheme", RegoString.From(scheme));
        o.Set("Opaque", RegoString.From(opaque));
        o.Set("User", RegoNull.Instance);
        o.Set("Host", RegoString.From(host));
        o.Set("Path", RegoString.From(path));
        o.Set("RawPath", RegoString.Empty);
        o.Set("OmitHost", RegoBoolean.False);
        o.Set("ForceQuery", RegoBoolean.False);
        o.Set("RawQuery", RegoString.From(query));
        o.Set("Fragment", RegoString.From(fragment));
        o.Set("RawFragment", RegoString.Empty);
        return o.Build();
    }

    private static string Text(AsnReader reader, int tagNumber) =>
        Encoding.ASCII.GetString(reader.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, tagNumber)));
}
