using System.Formats.Asn1;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// Renders certificates as the JSON OPA returns, which is Go's <c>x509.Certificate</c> marshalled by
/// <c>encoding/json</c>: Go field names, byte slices in base64, absent lists as null, times in RFC 3339, and
/// OPA's extra <c>URIStrings</c>. The fields policies use (names, validity, SANs, key usage, CA flags,
/// extensions, serial, public key) are filled; Go-internal fields with no portable meaning are left out.
/// </summary>
internal static class X509Json
{
    private static readonly Dictionary<string, string> NameFields = new(StringComparer.Ordinal)
    {
        ["2.5.4.6"] = "Country",
        ["2.5.4.10"] = "Organization",
        ["2.5.4.11"] = "OrganizationalUnit",
        ["2.5.4.7"] = "Locality",
        ["2.5.4.8"] = "Province",
        ["2.5.4.9"] = "StreetAddress",
        ["2.5.4.17"] = "PostalCode",
    };

    // Go's x509.SignatureAlgorithm and PublicKeyAlgorithm enumerations, by OID.
    private static readonly Dictionary<string, int> SignatureAlgorithms = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.2"] = 1, ["1.2.840.113549.1.1.4"] = 2, ["1.2.840.113549.1.1.5"] = 3,
        ["1.2.840.113549.1.1.11"] = 4, ["1.2.840.113549.1.1.12"] = 5, ["1.2.840.113549.1.1.13"] = 6,
        ["1.2.840.10040.4.3"] = 7, ["2.16.840.1.101.3.4.3.2"] = 8, ["1.2.840.10045.4.1"] = 9,
        ["1.2.840.10045.4.3.2"] = 10, ["1.2.840.10045.4.3.3"] = 11, ["1.2.840.10045.4.3.4"] = 12,
        ["1.2.840.113549.1.1.10"] = 13, ["1.3.101.112"] = 16,
    };

    private static readonly Dictionary<string, int> PublicKeyAlgorithms = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.1"] = 1, ["1.2.840.10040.4.1"] = 2, ["1.2.840.10045.2.1"] = 3, ["1.3.101.112"] = 4,
    };

    private static readonly Dictionary<string, int> ExtendedKeyUsages = new(StringComparer.Ordinal)
    {
        ["2.5.29.37.0"] = 0, ["1.3.6.1.5.5.7.3.1"] = 1, ["1.3.6.1.5.5.7.3.2"] = 2, ["1.3.6.1.5.5.7.3.3"] = 3,
        ["1.3.6.1.5.5.7.3.4"] = 4, ["1.3.6.1.5.5.7.3.5"] = 5, ["1.3.6.1.5.5.7.3.6"] = 6, ["1.3.6.1.5.5.7.3.7"] = 7,
        ["1.3.6.1.5.5.7.3.8"] = 8, ["1.3.6.1.5.5.7.3.9"] = 9, ["1.3.6.1.4.1.311.10.3.3"] = 10,
        ["2.16.840.1.113730.4.1"] = 11, ["1.3.6.1.4.1.311.2.1.22"] = 12, ["1.3.6.1.4.1.311.61.1.1"] = 13,
    };

    /// <summary>The certificate as Go's JSON; <paramref name="withUriStrings"/> adds OPA's URIStrings field.</summary>
    public static RegoObject Certificate(X509Certificate2 certificate, bool withUriStrings = true)
    {
        var o = new RegoObject.Builder();
        var raw = certificate.RawData;
        var (tbs, subjectPublicKeyInfo, rawIssuer, rawSubject, signature) = SplitCertificate(raw);
        o.Set("Raw", Base64(raw));
        o.Set("RawTBSCertificate", Base64(tbs));
        o.Set("RawSubjectPublicKeyInfo", Base64(subjectPublicKeyInfo));
        o.Set("RawSubject", Base64(rawSubject));
        o.Set("RawIssuer", Base64(rawIssuer));
        o.Set("Signature", Base64(signature));
        o.Set("SignatureAlgorithm", RegoNumber.From(SignatureAlgorithms.GetValueOrDefault(certificate.SignatureAlgorithm.Value ?? "", 0)));
        o.Set("PublicKeyAlgorithm", RegoNumber.From(PublicKeyAlgorithms.GetValueOrDefault(certificate.PublicKey.Oid.Value ?? "", 0)));
        o.Set("PublicKey", PublicKey(certificate));
        o.Set("Version", RegoNumber.From(certificate.Version));
        o.Set("SerialNumber", RegoNumber.From(new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true)));
        o.Set("Issuer", Name(rawIssuer));
        o.Set("Subject", Name(rawSubject));
        o.Set("NotBefore", Time(certificate.NotBefore));
        o.Set("NotAfter", Time(certificate.NotAfter));
        var keyUsage = 0;
        var isCa = false;
        var basicConstraintsValid = false;
        var maxPathLength = -1;
        RegoValue extKeyUsage = RegoNull.Instance, subjectKeyId = RegoNull.Instance, authorityKeyId = RegoNull.Instance;
        RegoValue dnsNames = RegoNull.Instance, emails = RegoNull.Instance, ips = RegoNull.Instance, uris = RegoNull.Instance, uriStrings = RegoNull.Instance;
        var extensions = new List<RegoValue>();
        foreach (var extension in certificate.Extensions)
        {
            extensions.Add(Extension(extension.Oid?.Value ?? "", extension.Critical, extension.RawData));
            switch (extension)
            {
                case X509KeyUsageExtension usage:
                    keyUsage = GoKeyUsage(usage.KeyUsages);
                    break;
                case X509BasicConstraintsExtension constraints:
                    basicConstraintsValid = true;
                    isCa = constraints.CertificateAuthority;
                    maxPathLength = constraints.HasPathLengthConstraint ? constraints.PathLengthConstraint : -1;
                    break;
                case X509EnhancedKeyUsageExtension enhanced:
                    extKeyUsage = RegoArray.From(enhanced.EnhancedKeyUsages.Cast<Oid>()
                        .Where(u => ExtendedKeyUsages.ContainsKey(u.Value ?? ""))
                        .Select(u => (RegoValue)RegoNumber.From(ExtendedKeyUsages[u.Value!])));
                    break;
                case X509SubjectKeyIdentifierExtension ski:
                    subjectKeyId = Base64(Convert.FromHexString(ski.SubjectKeyIdentifier ?? ""));
                    break;
            }
            if (extension.Oid?.Value == "2.5.29.35" && AuthorityKeyIdentifier(extension.RawData) is { } aki)
            {
                authorityKeyId = Base64(aki);
            }
            if (extension.Oid?.Value == "2.5.29.17")
            {
                var names = X509GeneralNames.Read(extension.RawData);
                dnsNames = StringsOrNull(names.Dns);
                emails = StringsOrNull(names.Email);
                ips = StringsOrNull(names.Ip);
                uris = names.Uri.Count == 0 ? RegoNull.Instance : RegoArray.From(names.Uri.Select(X509GeneralNames.UriJson));
                uriStrings = StringsOrNull(names.Uri);
            }
        }
        o.Set("KeyUsage", RegoNumber.From(keyUsage));
        o.Set("Extensions", extensions.Count == 0 ? RegoNull.Instance : RegoArray.From(extensions));
        o.Set("ExtraExtensions", RegoNull.Instance);
        o.Set("UnhandledCriticalExtensions", RegoNull.Instance);
        o.Set("ExtKeyUsage", extKeyUsage);
        o.Set("UnknownExtKeyUsage", RegoNull.Instance);
        o.Set("BasicConstraintsValid", RegoBoolean.From(basicConstraintsValid));
        o.Set("IsCA", RegoBoolean.From(isCa));
        o.Set("MaxPathLen", RegoNumber.From(basicConstraintsValid ? maxPathLength : 0));
        o.Set("MaxPathLenZero", RegoBoolean.From(maxPathLength == 0));
        o.Set("SubjectKeyId", subjectKeyId);
        o.Set("AuthorityKeyId", authorityKeyId);
        o.Set("OCSPServer", RegoNull.Instance);
        o.Set("IssuingCertificateURL", RegoNull.Instance);
        o.Set("DNSNames", dnsNames);
        o.Set("EmailAddresses", emails);
        o.Set("IPAddresses", ips);
        o.Set("URIs", uris);
        if (withUriStrings)
        {
            o.Set("URIStrings", uriStrings);
        }
        return o.Build();
    }

    /// <summary>pkix.Name as Go marshals it, from DER Name bytes.</summary>
    public static RegoObject Name(ReadOnlyMemory<byte> der)
    {
        var fields = new Dictionary<string, List<RegoValue>>(StringComparer.Ordinal);
        string serial = "", commonName = "";
        var names = new List<RegoValue>();
        var reader = new AsnReader(der, AsnEncodingRules.BER);
        var sequence = reader.ReadSequence();
        while (sequence.HasData)
        {
            var set = sequence.ReadSetOf(skipSortOrderValidation: true);
            while (set.HasData)
            {
                var attribute = set.ReadSequence();
                var oid = attribute.ReadObjectIdentifier();
                var value = ReadDirectoryString(attribute);
                names.Add(Attribute(oid, value));
                if (NameFields.TryGetValue(oid, out var field))
                {
                    if (!fields.TryGetValue(field, out var list))
                    {
                        fields[field] = list = [];
                    }
                    list.Add(RegoString.From(value));
                }
                else if (oid == "2.5.4.3")
                {
                    commonName = value;
                }
                else if (oid == "2.5.4.5")
                {
                    serial = value;
                }
            }
        }
        var o = new RegoObject.Builder();
        foreach (var field in new[] { "Country", "Organization", "OrganizationalUnit", "Locality", "Province", "StreetAddress", "PostalCode" })
        {
            o.Set(field, fields.TryGetValue(field, out var list) ? RegoArray.From(list) : RegoNull.Instance);
        }
        o.Set("SerialNumber", RegoString.From(serial));
        o.Set("CommonName", RegoString.From(commonName));
        o.Set("Names", names.Count == 0 ? RegoNull.Instance : RegoArray.From(names));
        o.Set("ExtraNames", RegoNull.Instance);
        return o.Build();
    }

    public static RegoValue PublicKey(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null)
        {
            return RsaPublicKey(rsa.ExportParameters(false));
        }
        using var ec = certificate.GetECDsaPublicKey();
        if (ec is not null)
        {
            var parameters = ec.ExportParameters(false);
            var o = new RegoObject.Builder();
            o.Set("Curve", RegoObject.Empty);
            o.Set("X", RegoNumber.From(Unsigned(parameters.Q.X!)));
            o.Set("Y", RegoNumber.From(Unsigned(parameters.Q.Y!)));
            return o.Build();
        }
        return RegoString.From(Convert.ToBase64String(certificate.PublicKey.EncodedKeyValue.RawData));
    }

    public static RegoObject RsaPublicKey(RSAParameters parameters)
    {
        var o = new RegoObject.Builder();
        o.Set("N", RegoNumber.From(Unsigned(parameters.Modulus!)));
        o.Set("E", RegoNumber.From(Unsigned(parameters.Exponent!)));
        return o.Build();
    }

    public static BigInteger Unsigned(byte[] bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    public static RegoString Base64(ReadOnlyMemory<byte> bytes) => RegoString.From(Convert.ToBase64String(bytes.Span));

    /// <summary>Go marshals time.Time as RFC 3339 with the zone it was parsed in (UTC for certificates).</summary>
    private static RegoString Time(DateTime local) =>
        RegoString.From(local.ToUniversalTime().ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture));

    private static RegoObject Extension(string oid, bool critical, byte[] value)
    {
        var o = new RegoObject.Builder();
        o.Set("Id", OidArray(oid));
        o.Set("Critical", RegoBoolean.From(critical));
        o.Set("Value", Base64(value));
        return o.Build();
    }

    private static RegoObject Attribute(string oid, string value)
    {
        var o = new RegoObject.Builder();
        o.Set("Type", OidArray(oid));
        o.Set("Value", RegoString.From(value));
        return o.Build();
    }

    private static RegoArray OidArray(string oid) =>
        RegoArray.From(oid.Split('.').Select(part => (RegoValue)RegoNumber.From(long.Parse(part, CultureInfo.InvariantCulture))));

    private static RegoValue StringsOrNull(List<string> values) =>
        values.Count == 0 ? RegoNull.Instance : RegoArray.From(values.Select(v => (RegoValue)RegoString.From(v)));

    private static string ReadDirectoryString(AsnReader attribute)
    {
        var tag = attribute.PeekTag();
        if (tag.TagClass == TagClass.Universal && Enum.IsDefined(typeof(UniversalTagNumber), tag.TagValue))
        {
            var number = (UniversalTagNumber)tag.TagValue;
            if (number is UniversalTagNumber.UTF8String or UniversalTagNumber.PrintableString or UniversalTagNumber.IA5String
                or UniversalTagNumber.BMPString or UniversalTagNumber.T61String or UniversalTagNumber.VisibleString)
            {
                return number == UniversalTagNumber.T61String
                    ? System.Text.Encoding.Latin1.GetString(attribute.ReadOctetString(new Asn1Tag(UniversalTagNumber.T61String)))
                    : attribute.ReadCharacterString(number);
            }
        }
        return Convert.ToBase64String(attribute.ReadEncodedValue().Span);
    }

    // Go's KeyUsage bit order: digitalSignature = 1 … decipherOnly = 256.
    private static int GoKeyUsage(X509KeyUsageFlags flags)
    {
        var result = 0;
        if (flags.HasFlag(X509KeyUsageFlags.DigitalSignature)) result |= 1;
        if (flags.HasFlag(X509KeyUsageFlags.NonRepudiation)) result |= 2;
        if (flags.HasFlag(X509KeyUsageFlags.KeyEncipherment)) result |= 4;
        if (flags.HasFlag(X509KeyUsageFlags.DataEncipherment)) result |= 8;
        if (flags.HasFlag(X509KeyUsageFlags.KeyAgreement)) result |= 16;
        if (flags.HasFlag(X509KeyUsageFlags.KeyCertSign)) result |= 32;
        if (flags.HasFlag(X509KeyUsageFlags.CrlSign)) result |= 64;
        if (flags.HasFlag(X509KeyUsageFlags.EncipherOnly)) result |= 128;
        if (flags.HasFlag(X509KeyUsageFlags.DecipherOnly)) result |= 256;
        return result;
    }

    private static byte[]? AuthorityKeyIdentifier(byte[] der)
    {
        var sequence = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var keyIdTag = new Asn1Tag(TagClass.ContextSpecific, 0);
        return sequence.HasData && sequence.PeekTag().HasSameClassAndValue(keyIdTag) ? sequence.ReadOctetString(keyIdTag) : null;
    }

    // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature BIT STRING }, and inside the TBS
    // the raw issuer, subject and SubjectPublicKeyInfo that Go exposes as Raw* fields.
    private static (ReadOnlyMemory<byte> Tbs, ReadOnlyMemory<byte> Spki, ReadOnlyMemory<byte> Issuer, ReadOnlyMemory<byte> Subject, byte[] Signature) SplitCertificate(byte[] raw)
    {
        var certificate = new AsnReader(raw, AsnEncodingRules.DER).ReadSequence();
        var tbs = certificate.ReadEncodedValue();
        certificate.ReadEncodedValue();
        var signature = certificate.ReadBitString(out _);
        var tbsReader = new AsnReader(tbs, AsnEncodingRules.DER).ReadSequence();
        if (tbsReader.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
        {
            tbsReader.ReadEncodedValue(); // version
        }
        tbsReader.ReadEncodedValue(); // serialNumber
        tbsReader.ReadEncodedValue(); // signature algorithm
        var issuer = tbsReader.ReadEncodedValue();
        tbsReader.ReadEncodedValue(); // validity
        var subject = tbsReader.ReadEncodedValue();
        var spki = tbsReader.ReadEncodedValue();
        return (tbs, spki, issuer, subject, signature);
    }
}
