namespace Mandate.TestFixtures.Aws;

using System.Xml.Linq;

/// <summary>S3's REST API (path-style), called directly to check what exists in s3rver.</summary>
public sealed class S3HttpClient(Uri endpoint, string accessKey, string secretKey, string region = "us-east-1") : IDisposable
{
    private readonly HttpClient _http = new(new SigV4SigningHandler(accessKey, secretKey, region, "s3"))
    {
        BaseAddress = endpoint,
    };

    public async Task CreateBucketAsync(string bucket, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PutAsync($"/{bucket}", content: null, cancellationToken);
        await EnsureSuccessAsync(response, $"PUT /{bucket}", cancellationToken);
    }

    public async Task<bool> BucketExistsAsync(string bucket, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"/{bucket}");
        using var response = await _http.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode;
    }

    public async Task<IReadOnlyList<string>> ListBucketsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync("/", cancellationToken);
        await EnsureSuccessAsync(response, "GET /", cancellationToken);
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        // Matched by local name: s3rver answers in a different XML namespace than AWS does.
        return document.Descendants().Where(e => e.Name.LocalName == "Bucket")
            .Select(b => b.Elements().First(e => e.Name.LocalName == "Name").Value)
            .ToList();
    }

    public async Task PutObjectAsync(string bucket, string key, string content, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PutAsync($"/{bucket}/{key}", new StringContent(content), cancellationToken);
        await EnsureSuccessAsync(response, $"PUT /{bucket}/{key}", cancellationToken);
    }

    public async Task<string> GetObjectAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync($"/{bucket}/{key}", cancellationToken);
        await EnsureSuccessAsync(response, $"GET /{bucket}/{key}", cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"S3 {what} failed with HTTP {(int)response.StatusCode}: {body}");
        }
    }
}
