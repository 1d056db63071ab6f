using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Mandate.Rego.Builtins;
using Mandate.Rego.Values;

namespace Mandate.Rego.Tests.Builtins;

public sealed class X509Tests
{
    private static RegoValue? Call(string name, params RegoValue[] operands) => BuiltinRegistry.Default.Invoke(name, operands);

    private static RegoString S(string text) => RegoString.From(text);

    private static (string Pem, X509Certificate2 Certificate) Chain(out string leafKeyPem, out string rootPem)
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Test Root CA, O=Mandate", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var root = rootRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using var leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest("CN=svc.example.com", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("svc.example.com");
        san.AddIpAddress(System.Net.IPAddress.Parse("10.1.2.3"));
        san.AddUri(new Uri("spiffe://example.com/opa"));
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var unpaired = leafRequest.Create(root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(10), [0x01, 0x02]);
        var leaf = X509CertificateLoader.LoadCertificate(unpaired.RawData);
        leafKeyPem = leafKey.ExportPkcs8PrivateKeyPem();
        rootPem = root.ExportCertificatePem();
        return (rootPem + "\n" + leaf.ExportCertificatePem() + "\n", leaf);
    }

    [Fact]
    public void Parse_certificates_exposes_go_field_names()
    {
        var (pem, leaf) = Chain(out _, out _);
        using (leaf)
        {
            var parsed = (RegoArray)Call("crypto.x509.parse_certificates", S(pem))!;
            Assert.Equal(2, parsed.Count);
            var root = (RegoObject)parsed[0];
            var cert = (RegoObject)parsed[1];
            Assert.Equal(S("Test Root CA"), ((RegoObject)root["Subject"]!)["CommonName"]);
            Assert.Equal(RegoJson.Parse("""["Mandate"]"""), ((RegoObject)root["Subject"]!)["Organization"]);
            Assert.Equal(RegoBoolean.True, root["IsCA"]);
            Assert.Equal(RegoNumber.From(96), root["KeyUsage"]);
            Assert.Equal(S("svc.example.com"), ((RegoObject)cert["Subject"]!)["CommonName"]);
            Assert.Equal(RegoJson.Parse("""["svc.example.com"]"""), cert["DNSNames"]);
            Assert.Equal(RegoJson.Parse("""["10.1.2.3"]"""), cert["IPAddresses"]);
            Assert.Equal(RegoJson.Parse("""["spiffe://example.com/opa"]"""), cert["URIStrings"]);
            Assert.Equal(RegoJson.Parse("[1]"), cert["ExtKeyUsage"]);
            Assert.Equal(RegoNumber.From(258), cert["SerialNumber"]);
            Assert.Equal(RegoNull.Instance, root["DNSNames"]);
        }
    }

    [Fact]
    public void Parse_certificates_accepts_base64_of_pem_and_of_der()
    {
        var (pem, leaf) = Chain(out _, out _);
        using (leaf)
        {
            var fromB64Pem = (RegoArray)Call("crypto.x509.parse_certificates", S(Convert.ToBase64String(Encoding.UTF8.GetBytes(pem))))!;
            var fromDer = (RegoArray)Call("crypto.x509.parse_certificates", S(Convert.ToBase64String(leaf.RawData)))!;
            Assert.Equal(2, fromB64Pem.Count);
            Assert.Single(fromDer.Items.ToArray());
            Assert.Equal(((RegoObject)fromB64Pem[1])["Raw"], ((RegoObject)fromDer[0])["Raw"]);
        }
    }

    [Fact]
    public void Parse_certificates_reports_bad_input()
    {
        var e = Assert.Throws<RegoEvalException>(() => Call("crypto.x509.parse_certificates", S("not base64!")));
        Assert.Equal("crypto.x509.parse_certificates: illegal base64 data at input byte 3", e.Error.Message);
        var wrongType = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
        e = Assert.Throws<RegoEvalException>(() => Call("crypto.x509.parse_certificates", S(wrongType)));
        Assert.Equal("crypto.x509.parse_certificates: PEM block type is 'PUBLIC KEY', expected CERTIFICATE", e.Error.Message);
    }

    [Fact]
    public void Parse_and_verify_returns_the_chain_leaf_first()
    {
        var (pem, leaf) = Chain(out _, out var rootPem);
        using (leaf)
        {
            var result = (RegoArray)Call("crypto.x509.parse_and_verify_certificates", S(pem))!;
            Assert.Equal(RegoBoolean.True, result[0]);
            var chain = (RegoArray)result[1];
            Assert.Equal(S("svc.example.com"), ((RegoObject)((RegoObject)chain[0])["Subject"]!)["CommonName"]);
            Assert.Equal(S("Test Root CA"), ((RegoObject)((RegoObject)chain[1])["Subject"]!)["CommonName"]);

            // A leaf alone, or a chain whose root did not sign the leaf, does not verify.
            Assert.Equal(RegoJson.Parse("[false, []]"), Call("crypto.x509.parse_and_verify_certificates", S(leaf.ExportCertificatePem())));
            var (otherPem, otherLeaf) = Chain(out _, out var otherRoot);
            using (otherLeaf)
            {
                Assert.Equal(RegoJson.Parse("[false, []]"), Call("crypto.x509.parse_and_verify_certificates", S(otherRoot + leaf.ExportCertificatePem())));
                Assert.NotEqual(otherPem, pem);
            }
        }
    }

    [Fact]
    public void Verify_options_check_dns_name_time_and_usages()
    {
        var (pem, leaf) = Chain(out _, out _);
        using (leaf)
        {
            RegoValue? Verify(string options) => ((RegoArray)Call("crypto.x509.parse_and_verify_certificates_with_options", S(pem), RegoJson.Parse(options))!)[0];
            Assert.Equal(RegoBoolean.True, Verify("""{"DNSName": "svc.example.com"}"""));
            Assert.Equal(RegoBoolean.False, Verify("""{"DNSName": "other.example.com"}"""));
            Assert.Equal(RegoBoolean.False, Verify("""{"CurrentTime": 1000000000000000000}"""));
            Assert.Equal(RegoBoolean.False, Verify("""{"KeyUsages": ["KeyUsageCodeSigning"]}"""));
            Assert.Equal(RegoBoolean.True, Verify("""{"KeyUsages": ["KeyUsageServerAuth"]}"""));
            // As in OPA, only the variant without options adds URIStrings to the returned chain.
            var withOptions = (RegoArray)((RegoArray)Call("crypto.x509.parse_and_verify_certificates_with_options", S(pem), RegoJson.Parse("{}"))!)[1];
            var plain = (RegoArray)((RegoArray)Call("crypto.x509.parse_and_verify_certificates", S(pem))!)[1];
            Assert.False(((RegoObject)withOptions[0]).ContainsKey(S("URIStrings")));
            Assert.True(((RegoObject)plain[0]).ContainsKey(S("URIStrings")));
            var e = Assert.Throws<RegoEvalException>(() => Verify("""{"Nope": 1}"""));
            Assert.Equal("crypto.x509.parse_and_verify_certificates_with_options: invalid key option", e.Error.Message);
        }
    }

    [Fact]
    public void Keypair_and_private_keys_parse_and_must_match()
    {
        var (_, leaf) = Chain(out var keyPem, out _);
        using (leaf)
        {
            var pair = (RegoObject)Call("crypto.x509.parse_keypair", S(leaf.ExportCertificatePem()), S(keyPem))!;
            Assert.Equal(S(Convert.ToBase64String(leaf.RawData)), ((RegoArray)pair["Certificate"]!)[0]);
            using var other = RSA.Create(2048);
            var e = Assert.Throws<RegoEvalException>(() => Call("crypto.x509.parse_keypair", S(leaf.ExportCertificatePem()), S(other.ExportPkcs8PrivateKeyPem())));
            Assert.Equal("crypto.x509.parse_keypair: tls: private key does not match public key", e.Error.Message);

            var keys = (RegoArray)Call("crypto.parse_private_keys", S(keyPem + "\n" + other.ExportRSAPrivateKeyPem()))!;
            Assert.Equal(2, keys.Count);
            Assert.Equal(RegoArray.Empty, Call("crypto.parse_private_keys", S("nope")));
            Assert.Equal(RegoNull.Instance, Call("crypto.parse_private_keys", S("")));
            var jwk = (RegoObject)Call("crypto.x509.parse_rsa_private_key", S(other.ExportRSAPrivateKeyPem()))!;
            Assert.Equal(S("RSA"), jwk["kty"]);
            Assert.Equal(S(GoBase64.EncodeRawUrl(other.ExportParameters(false).Modulus)), jwk["n"]);
        }
    }

    [Fact]
    public void Certificate_request_subject_and_sans_are_read()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=example.com", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("www.example.com");
        request.CertificateExtensions.Add(san.Build());
        var pem = request.CreateSigningRequestPem();
        var parsed = (RegoObject)Call("crypto.x509.parse_certificate_request", S(pem))!;
        Assert.Equal(S("example.com"), ((RegoObject)parsed["Subject"]!)["CommonName"]);
        Assert.Equal(RegoJson.Parse("""["www.example.com"]"""), parsed["DNSNames"]);
        var viaBase64 = (RegoObject)Call("crypto.x509.parse_certificate_request", S(Convert.ToBase64String(Encoding.UTF8.GetBytes(pem))))!;
        Assert.Equal(parsed["Raw"], viaBase64["Raw"]);
        var e = Assert.Throws<RegoEvalException>(() => Call("crypto.x509.parse_certificate_request", S(Convert.ToBase64String([0x30, 0x03, 0x02, 0x01]))));
        Assert.StartsWith("crypto.x509.parse_certificate_request: asn1: structure error", e.Error.Message);
    }
}
