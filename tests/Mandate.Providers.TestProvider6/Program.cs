using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mandate.Providers.TestProvider6;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// go-plugin's contract, as Terraform starts a provider: refuse to run without the magic cookie, pick protocol 6
// from the versions offered, trust exactly the client certificate given, listen on a unix socket in the directory
// given, and print the handshake line with our own certificate.
const string CookieKey = "TF_PLUGIN_MAGIC_COOKIE";
const string CookieValue = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
if (Environment.GetEnvironmentVariable(CookieKey) != CookieValue)
{
    await Console.Error.WriteLineAsync("This binary is a plugin. It is not meant to be executed directly.");
    return 1;
}

if (!(Environment.GetEnvironmentVariable("PLUGIN_PROTOCOL_VERSIONS") ?? "").Split(',').Contains("6"))
{
    await Console.Error.WriteLineAsync("the client does not offer plugin protocol 6");
    return 1;
}

var clientPem = Environment.GetEnvironmentVariable("PLUGIN_CLIENT_CERT");
if (string.IsNullOrEmpty(clientPem))
{
    await Console.Error.WriteLineAsync("this test provider only speaks AutoMTLS: PLUGIN_CLIENT_CERT is required");
    return 1;
}

using var clientCertificate = X509Certificate2.CreateFromPem(clientPem);
using var serverCertificate = ServerCertificate();
var socket = Path.Combine(Environment.GetEnvironmentVariable("PLUGIN_UNIX_SOCKET_DIR") ?? Path.GetTempPath(), $"plugin{Environment.ProcessId}");

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(socket, listen =>
{
    listen.Protocols = HttpProtocols.Http2;
    listen.UseHttps(new HttpsConnectionAdapterOptions
    {
        ServerCertificate = serverCertificate,
        ClientCertificateMode = ClientCertificateMode.RequireCertificate,
        // Self-signed on both sides: the only trust is byte-for-byte equality with the certificate we were given.
        ClientCertificateValidation = (certificate, _, _) => certificate.RawData.AsSpan().SequenceEqual(clientCertificate.RawData),
    });
}));
var app = builder.Build();
var provider = new ThingProvider();
app.MapPost("/{**method}", context => GrpcEndpoint.HandleAsync(context, provider, app.Lifetime));
await app.StartAsync();

Console.WriteLine($"1|6|unix|{socket}|grpc|{Convert.ToBase64String(serverCertificate.RawData).TrimEnd('=')}");
await Console.Out.FlushAsync();
await app.WaitForShutdownAsync();
File.Delete(socket);
return 0;

static X509Certificate2 ServerCertificate()
{
    using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
    var san = new SubjectAlternativeNameBuilder();
    san.AddDnsName("localhost");
    request.CertificateExtensions.Add(san.Build());
    return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
}
