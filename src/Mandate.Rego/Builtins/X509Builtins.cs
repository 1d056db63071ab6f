using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// <c>crypto.x509.*</c> and private-key parsing. Inputs are PEM, base64 of PEM, or base64 of DER, as OPA
/// accepts them; results are Go's JSON shapes (see <see cref="X509Json"/>).
/// </summary>
internal static class X509Builtins
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    private static readonly Dictionary<string, string> KeyUsageOids = new(StringComparer.Ordinal)
    {
        ["KeyUsageAny"] = "2.5.29.37.0", ["KeyUsageServerAuth"] = ServerAuth, ["KeyUsageClientAuth"] = "1.3.6.1.5.5.7.3.2",
        ["KeyUsageCodeSigning"] = "1.3.6.1.5.5.7.3.3", ["KeyUsageEmailProtection"] = "1.3.6.1.5.5.7.3.4",
        ["KeyUsageIPSECEndSystem"] = "1.3.6.1.5.5.7.3.5", ["KeyUsageIPSECTunnel"] = "1.3.6.1.5.5.7.3.6",
        ["KeyUsageIPSECUser"] = "1.3.6.1.5.5.7.3.7", ["KeyUsageTimeStamping"] = "1.3.6.1.5.5.7.3.8",
        ["KeyUsageOCSPSigning"] = "1.3.6.1.5.5.7.3.9", ["KeyUsageMicrosoftServerGatedCrypto"] = "1.3.6.1.4.1.311.10.3.3",
        ["KeyUsageNetscapeServerGatedCrypto"] = "2.16.840.1.113730.4.1", ["KeyUsageMicrosoftCommercialCodeSigning"] = "1.3.6.1.4.1.311.2.1.22",
        ["KeyUsageMicrosoftKernelCodeSigning"] = "1.3.6.1.4.1.311.61.1.1",
    };

    [RegoBuiltin("crypto.x509.parse_certificates")]
    public static RegoValue ParseCertificates(RegoValue certificates)
    {
        var list = LoadCertificates(Operands.String(certificates, 1));
        try
        {
            return RegoArray.From(list.Select(c => (RegoValue)X509Json.Certificate(c)));
        }
        finally
        {
            DisposeAll(list);
        }
    }

    [RegoBuiltin("crypto.x509.parse_and_verify_certificates")]
    public static RegoValue ParseAndVerify(BuiltinContext context, RegoValue certificates) =>
        Verify(Operands.String(certificates, 1), new VerifyOptions(null, context.Now, [ServerAuth], WithUriStrings: true));

    [RegoBuiltin("crypto.x509.parse_and_verify_certificates_with_options")]
    public static RegoValue ParseAndVerifyWithOptions(BuiltinContext context, RegoValue certificates, RegoValue options)
    {
        var text = Operands.String(certificates, 1);
        var optionObject = Operands.Object(options, 2);
        return Verify(text, ReadOptions(optionObject, context.Now));
    }

    [RegoBuiltin("crypto.x509.parse_certificate_request")]
    public static RegoValue ParseCertificateRequest(RegoValue request)
    {
        var text = Operands.String(request, 1);
        var bytes = Encoding.UTF8.GetBytes(text);
        if (!text.StartsWith("-----BEGIN CERTIFICATE REQUEST-----", StringComparison.Ordinal))
        {
            bytes = GoBase64.DecodeStd(text, out var error) ?? throw new BuiltinException(error);
        }
        if (GoPem.Decode(Encoding.UTF8.GetString(bytes), out _) is { } block)
        {
            if (block.Type != "CERTIFICATE REQUEST")
            {
                throw new BuiltinException("invalid PEM-encoded certificate signing request");
            }
            bytes = block.Bytes;
        }
        return X509Requests.Parse(bytes);
    }

    [RegoBuiltin("crypto.x509.parse_keypair")]
    public static RegoValue ParseKeyPair(RegoValue certificate, RegoValue key)
    {
        var certificateText = PemOrBase64(Operands.String(certificate, 1), "CERTIFICATE");
        var keyText = PemOrBase64(Operands.String(key, 1), "PRIVATE KEY");
        var certificateBlocks = GoPem.DecodeAll(certificateText).Where(b => b.Type == "CERTIFICATE").ToList();
        if (certificateBlocks.Count == 0)
        {
            throw new BuiltinException("tls: failed to find any PEM data in certificate input");
        }
        var keys = PrivateKeys.FromPem(keyText);
        if (keys.Count == 0)
        {
            throw new BuiltinException("tls: failed to find any PEM data in key input");
        }
        using var leaf = LoadDer(certificateBlocks[0].Bytes);
        if (!PrivateKeys.Matches(keys[0], leaf))
        {
            throw new BuiltinException("tls: private key does not match public key");
        }
        var o = new RegoObject.Builder();
        o.Set("Certificate", RegoArray.From(certificateBlocks.Select(b => (RegoValue)X509Json.Base64(b.Bytes))));
        o.Set("PrivateKey", PrivateKeys.GoJson(keys[0]));
        o.Set("SupportedSignatureAlgorithms", RegoNull.Instance);
        o.Set("OCSPStaple", RegoNull.Instance);
        o.Set("SignedCertificateTimestamps", RegoNull.Instance);
        o.Set("Leaf", X509Json.Certificate(leaf));
        return o.Build();
    }

    [RegoBuiltin("crypto.x509.parse_rsa_private_key")]
    public static RegoValue ParseRsaPrivateKey(RegoValue pem)
    {
        var text = Operands.String(pem, 1);
        if (text.Length == 0)
        {
            throw new BuiltinException("input PEM data was empty");
        }
        if (!text.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            text = Encoding.UTF8.GetString(GoBase64.DecodeStd(text, out var error) ?? throw new BuiltinException(error));
        }
        var keys = PrivateKeys.FromPem(text);
        return keys.Count == 0 ? RegoNull.Instance : PrivateKeys.Jwk(keys[0]);
    }

    [RegoBuiltin("crypto.parse_private_keys")]
    public static RegoValue ParsePrivateKeys(RegoValue keys)
    {
        var text = Operands.String(keys, 1);
        if (text.Length == 0)
        {
            return RegoNull.Instance;
        }
        if (GoBase64.DecodeStd(text, out _) is { } decoded)
        {
            text = Encoding.UTF8.GetString(decoded);
        }
        return RegoArray.From(PrivateKeys.FromPem(text).Select(PrivateKeys.GoJson));
    }

    internal static List<X509Certificate2> LoadCertificates(string text)
    {
        if (!text.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            var decoded = GoBase64.DecodeStd(text, out var error) ?? throw new BuiltinException(error);
            if (!decoded.AsSpan().StartsWith("-----BEGIN"u8))
            {
                return LoadConcatenatedDer(decoded);
            }
            text = Encoding.UTF8.GetString(decoded);
        }
        var der = new List<byte>();
        while (text.Length > 0 && GoPem.Decode(text, out var rest) is { } block)
        {
            if (block.Type != "CERTIFICATE")
            {
                throw new BuiltinException($"PEM block type is '{block.Type}', expected CERTIFICATE");
            }
            der.AddRange(block.Bytes);
            text = rest;
        }
        return LoadConcatenatedDer([.. der]);
    }

    // Go's x509.ParseCertificates: back-to-back DER certificates.
    private static List<X509Certificate2> LoadConcatenatedDer(byte[] der)
    {
        var result = new List<X509Certificate2>();
        var remaining = new ReadOnlyMemory<byte>(der);
        try
        {
            while (!remaining.IsEmpty)
            {
                var reader = new AsnReader(remaining, AsnEncodingRules.BER);
                var one = reader.ReadEncodedValue();
                result.Add(LoadDer(one.ToArray()));
                remaining = remaining[one.Length..];
            }
            return result;
        }
        catch (AsnContentException ex)
        {
            DisposeAll(result);
            throw new BuiltinException("x509: malformed certificate: " + ex.Message);
        }
        catch (BuiltinException)
        {
            DisposeAll(result);
            throw;
        }
    }

    private static X509Certificate2 LoadDer(byte[] der)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException ex)
        {
            throw new BuiltinException("x509: malformed certificate: " + ex.Message);
        }
    }

    private static string PemOrBase64(string text, string derType)
    {
        if (text.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            return text;
        }
        var decoded = GoBase64.DecodeStd(text, out var error) ?? throw new BuiltinException(error);
        return decoded.AsSpan().StartsWith("-----BEGIN"u8)
            ? Encoding.UTF8.GetString(decoded)
            : PemEncoding.WriteString(derType, decoded);
    }

    // WithUriStrings: OPA adds URIStrings to the chain of parse_and_verify_certificates but not of the
    // _with_options variant, which returns Go's certificates as they are.
    private sealed record VerifyOptions(string? DnsName, DateTimeOffset Time, string[] KeyUsages, bool WithUriStrings);

    // OPA's verifyX509CertificateChain: the first certificate is the trusted root, the last the leaf, those
    // between intermediates. The result is the verified chain, leaf first.
    private static RegoArray Verify(string text, VerifyOptions options)
    {
        var failed = RegoArray.From(RegoBoolean.False, RegoArray.Empty);
        List<X509Certificate2> certificates;
        try
        {
            certificates = LoadCertificates(text);
        }
        catch (BuiltinException)
        {
            return failed;
        }
        try
        {
            if (certificates.Count < 2)
            {
                return failed;
            }
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(certificates[0]);
            for (var i = 1; i < certificates.Count - 1; i++)
            {
                chain.ChainPolicy.ExtraStore.Add(certificates[i]);
            }
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = options.Time.UtcDateTime;
            chain.ChainPolicy.VerificationTimeIgnored = false;
            if (!options.KeyUsages.Contains("2.5.29.37.0"))
            {
                foreach (var usage in options.KeyUsages)
                {
                    chain.ChainPolicy.ApplicationPolicy.Add(new Oid(usage));
                }
            }
            var leaf = certificates[^1];
            if (!chain.Build(leaf) || (options.DnsName is { } dns && !MatchesDnsName(leaf, dns)))
            {
                return failed;
            }
            var verified = chain.ChainElements.Select(e => (RegoValue)X509Json.Certificate(e.Certificate, options.WithUriStrings)).ToList();
            return RegoArray.From(RegoBoolean.True, RegoArray.From(verified));
        }
        finally
        {
            DisposeAll(certificates);
        }
    }

    private static bool MatchesDnsName(X509Certificate2 leaf, string name)
    {
        foreach (var extension in leaf.Extensions)
        {
            if (extension.Oid?.Value == "2.5.29.17")
            {
                foreach (var pattern in X509GeneralNames.Read(extension.RawData).Dns)
                {
                    if (string.Equals(pattern, name, StringComparison.OrdinalIgnoreCase)
                        || (pattern.StartsWith("*.", StringComparison.Ordinal) && name.IndexOf('.', StringComparison.Ordinal) is var dot and > 0
                            && string.Equals(pattern[1..], name[dot..], StringComparison.OrdinalIgnoreCase)))
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static VerifyOptions ReadOptions(RegoObject options, DateTimeOffset now)
    {
        string? dns = null;
        var time = now;
        var usages = new List<string> { ServerAuth };
        var keys = options.Keys;
        var values = options.Values;
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] is not RegoString { Value: var name })
            {
                continue;
            }
            var value = values[i];
            switch (name)
            {
                case "DNSName":
                    dns = value is RegoString s ? s.Value.Trim('"') : throw new BuiltinException("'DNSName' should be a string");
                    break;
                case "CurrentTime":
                    if (value is not RegoNumber number)
                    {
                        throw new BuiltinException("'CurrentTime' should be a number");
                    }
                    if (!number.TryGetInt64(out var nanos))
                    {
                        throw new BuiltinException("'CurrentTime' should be a valid int64 number");
                    }
                    time = DateTimeOffset.UnixEpoch.AddTicks(nanos / 100);
                    break;
                case "MaxConstraintComparisons":
                    if (value is not RegoNumber)
                    {
                        throw new BuiltinException("'MaxConstraintComparisons' should be a number");
                    }
                    break;
                case "KeyUsages":
                    var entries = value switch
                    {
                        RegoArray a => a.Items.ToArray(),
                        RegoSet set => set.Items.ToArray(),
                        _ => throw new BuiltinException("'KeyUsages' should be an Array or Set"),
                    };
                    usages.Clear();
                    var invalid = new List<string>();
                    foreach (var entry in entries.OfType<RegoString>())
                    {
                        var usage = entry.Value.Trim('"');
                        if (KeyUsageOids.TryGetValue(usage, out var oid)) usages.Add(oid);
                        else invalid.Add(usage);
                    }
                    if (invalid.Count > 0)
                    {
                        throw new BuiltinException($"invalid entries for 'KeyUsages' found: [{string.Join(' ', invalid)}]");
                    }
                    if (usages.Count == 0)
                    {
                        usages.Add(ServerAuth);
                    }
                    break;
                default:
                    throw new BuiltinException("invalid key option");
            }
        }
        return new VerifyOptions(dns, time, [.. usages], WithUriStrings: false);
    }

    private static void DisposeAll(IEnumerable<X509Certificate2> certificates)
    {
        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
    }
}
