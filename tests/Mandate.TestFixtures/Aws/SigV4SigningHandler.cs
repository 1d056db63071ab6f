namespace Mandate.TestFixtures.Aws;

using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

/// <summary>
/// Signs requests with AWS Signature Version 4, so tests can check dynalite and s3rver directly, without
/// going through the provider under test. s3rver checks the access key id, dynalite the header's form;
/// the signature itself is computed properly so the same handler works against a stricter endpoint.
/// </summary>
public sealed class SigV4SigningHandler(string accessKey, string secretKey, string region, string service)
    : DelegatingHandler(new SocketsHttpHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var day = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var payloadHash = Hex(SHA256.HashData(body));
        var uri = request.RequestUri ?? throw new InvalidOperationException("request has no URI");

        request.Headers.Remove("x-amz-date");
        request.Headers.Add("x-amz-date", amzDate);
        request.Headers.Remove("x-amz-content-sha256");
        request.Headers.Add("x-amz-content-sha256", payloadHash);

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}",
            ["x-amz-date"] = amzDate,
            ["x-amz-content-sha256"] = payloadHash,
        };
        foreach (var header in request.Headers.Where(h => h.Key.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase)))
        {
            headers[header.Key.ToLowerInvariant()] = string.Join(',', header.Value).Trim();
        }

        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers["content-type"] = contentType.ToString();
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalRequest = string.Join('\n',
            request.Method.Method,
            CanonicalPath(uri),
            CanonicalQuery(uri),
            string.Concat(headers.Select(h => $"{h.Key}:{h.Value}\n")),
            signedHeaders,
            payloadHash);
        var scope = $"{day}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), day);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var signature = Hex(Hmac(key, stringToSign));

        request.Headers.Authorization = new AuthenticationHeaderValue(
            "AWS4-HMAC-SHA256", $"Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
        return await base.SendAsync(request, cancellationToken);
    }

    private static string CanonicalPath(Uri uri)
    {
        var segments = uri.AbsolutePath.Split('/').Select(s => Uri.EscapeDataString(Uri.UnescapeDataString(s)));
        var path = string.Join('/', segments);
        return path.Length == 0 ? "/" : path;
    }

    private static string CanonicalQuery(Uri uri)
    {
        if (string.IsNullOrEmpty(uri.Query) || uri.Query == "?")
        {
            return string.Empty;
        }

        return string.Join('&', uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
                var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
                return (Name: Uri.EscapeDataString(name), Value: Uri.EscapeDataString(value));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
