using System.Formats.Asn1;
using System.Security.Cryptography;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// PKCS#10 certificate signing requests (RFC 2986) rendered as Go's <c>x509.CertificateRequest</c> JSON.
/// DER errors are reported with Go's "asn1: structure error" wording, which the compliance cases match.
/// </summary>
internal static class X509Requests
{
    private const string ExtensionRequest = "1.2.840.113549.1.9.14";

    public static RegoObject Parse(byte[] der)
    {
        try
        {
            return ParseDer(der);
        }
        catch (AsnContentException ex)
        {
            throw new BuiltinException("asn1: structure error: " + ex.Message);
        }
        catch (CryptographicException ex)
        {
            throw new BuiltinException("asn1: structure error: " + ex.Message);
        }
    }

    private static RegoObject ParseDer(byte[] der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var request = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        var info = request.ReadEncodedValue();
        var signatureAlgorithm = request.ReadSequence().ReadObjectIdentifier();
        var signature = request.ReadBitString(out _);
        var infoReader = new AsnReader(info, AsnEncodingRules.DER).ReadSequence();
        var version = infoReader.ReadInteger();
        var subject = infoReader.ReadEncodedValue();
        var spki = infoReader.ReadEncodedValue();
        var extensions = new List<RegoValue>();
        var names = new X509GeneralNames();
        if (infoReader.HasData)
        {
            var attributes = infoReader.ReadSetOf(true, new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
            while (attributes.HasData)
            {
                var attribute = attributes.ReadSequence();
                if (attribute.ReadObjectIdentifier() != ExtensionRequest)
                {
                    continue;
                }
                var values = attribute.ReadSetOf(skipSortOrderValidation: true);
                var list = values.ReadSequence();
                while (list.HasData)
                {
                    var extension = list.ReadSequence();
                    var oid = extension.ReadObjectIdentifier();
                    var critical = extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && extension.ReadBoolean();
                    var value = extension.ReadOctetString();
                    var e = new RegoObject.Builder();
                    e.Set("Id", RegoArray.From(oid.Split('.').Select(p => (RegoValue)RegoNumber.From(long.Parse(p, System.Globalization.CultureInfo.InvariantCulture)))));
                    e.Set("Critical", RegoBoolean.From(critical));
                    e.Set("Value", X509Json.Base64(value));
                    extensions.Add(e.Build());
                    if (oid == "2.5.29.17")
                    {
                        names = X509GeneralNames.Read(value);
                    }
                }
            }
        }
        var o = new RegoObject.Builder();
        o.Set("Raw", X509Json.Base64(der));
        o.Set("RawTBSCertificateRequest", X509Json.Base64(info));
        o.Set("RawSubjectPublicKeyInfo", X509Json.Base64(spki));
        o.Set("RawSubject", X509Json.Base64(subject));
        o.Set("Version", RegoNumber.From(version));
        o.Set("Signature", X509Json.Base64(signature));
        o.Set("SignatureAlgorithm", RegoNumber.From(signatureAlgorithm switch
        {
            "1.2.840.113549.1.1.11" => 4,
            "1.2.840.113549.1.1.12" => 5,
            "1.2.840.113549.1.1.13" => 6,
            "1.2.840.10045.4.3.2" => 10,
            "1.2.840.10045.4.3.3" => 11,
            "1.2.840.10045.4.3.4" => 12,
            _ => 0,
        }));
        o.Set("Subject", X509Json.Name(subject));
        o.Set("Extensions", extensions.Count == 0 ? RegoNull.Instance : RegoArray.From(extensions));
        o.Set("ExtraExtensions", RegoNull.Instance);
        o.Set("DNSNames", Strings(names.Dns));
        o.Set("EmailAddresses", Strings(names.Email));
        o.Set("IPAddresses", Strings(names.Ip));
        o.Set("URIs", names.Uri.Count == 0 ? RegoNull.Instance : RegoArray.From(names.Uri.Select(X509GeneralNames.UriJson)));
        return o.Build();
    }

    private static RegoValue Strings(List<string> values) =>
        values.Count == 0 ? RegoNull.Instance : RegoArray.From(values.Select(v => (RegoValue)RegoString.From(v)));
}
