using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mandate.Providers.Plugin;

/// <summary>
/// A fresh self-signed client certificate per launch for go-plugin's AutoMTLS: the plugin trusts exactly this
/// certificate (given in <c>PLUGIN_CLIENT_CERT</c>) and we trust exactly the one it prints in the handshake line,
/// so no other local process can talk to the provider or impersonate it.
/// </summary>
/// <remarks>
/// Making one costs a few milliseconds (more on the first, which loads OpenSSL), spent before the provider can even
/// be started. So the next launch's certificate is made in the background after each one is handed out: every
/// launch still gets a certificate of its own, never used before — only its making is moved off the launch path.
/// ECDSA P-256 as go-plugin itself uses; RSA key generation would cost tens of milliseconds more.
/// </remarks>
internal static class ClientCertificate
{
    private static Task<X509Certificate2> _next = Task.Run(Make);

    /// <summary>A certificate nobody has been given before; the following one is started at once.</summary>
    public static async Task<X509Certificate2> TakeAsync()
    {
        var next = Interlocked.Exchange(ref _next, Task.Run(Make));
        return await next.ConfigureAwait(false);
    }

    /// <summary>Makes a certificate now (internal for the benchmark that compares key types).</summary>
    internal static X509Certificate2 Make()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost, O=Mandate", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));
    }
}
