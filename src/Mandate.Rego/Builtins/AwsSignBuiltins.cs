using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// <c>providers.aws.sign_req(request, aws_config, time_ns)</c>: AWS Signature Version 4 for an
/// <c>http.send</c>-shaped request object, computed offline. Returns the request with its headers replaced by
/// the signed set (the caller's headers, "Authorization", "host", "x-amz-date", and for s3/glacier
/// "x-amz-content-sha256"; "x-amz-security-token" with a session token).
/// </summary>
internal static class AwsSignBuiltins
{
    private static readonly string[] RequiredConfig = ["aws_access_key", "aws_region", "aws_secret_access_key", "aws_service"];

    private static readonly string[] RequiredRequestKeys = ["method", "url"];

    private static readonly HashSet<string> RequestKeys = new(StringComparer.Ordinal)
    {
        "method", "url", "body", "enable_redirect", "force_json_decode", "force_yaml_decode", "headers", "raw_body",
        "tls_use_system_certs", "tls_ca_cert", "tls_ca_cert_file", "tls_ca_cert_env_variable", "tls_client_cert",
        "tls_client_cert_file", "tls_client_cert_env_variable", "tls_client_key", "tls_client_key_file",
        "tls_client_key_env_variable", "tls_insecure_skip_verify", "tls_server_name", "timeout", "cache", "force_cache",
        "force_cache_duration_seconds", "raise_error", "caching_mode", "max_retry_attempts", "cache_ignored_headers",
    };

    // Headers AWS says not to sign, because proxies add or rewrite them.
    private static readonly HashSet<string> IgnoredHeaders = new(StringComparer.Ordinal) { "authorization", "user-agent", "x-amzn-trace-id" };

    [RegoBuiltin("providers.aws.sign_req")]
    public static RegoValue SignRequest(RegoValue request, RegoValue awsConfig, RegoValue timeNs)
    {
        var requestObject = Operands.Object(request, 1);
        var config = Operands.Object(awsConfig, 1);
        ValidateConfig(config);
        var timestamp = Operands.Number(timeNs, 1);
        // OPA needs an int64 literal here; negative instants are refused too, since they cannot be told apart
        // from a literal such as -1e9 once parsed, and no AWS request is signed before 1970.
        if (!timestamp.TryGetInt64(out var nanos) || nanos < 0)
        {
            throw Operands.Error(3, "could not convert time_ns value into a unix timestamp");
        }
        ValidateRequestKeys(requestObject);
        var headers = RegoObject.Empty;
        if (requestObject["headers"] is { } headersValue)
        {
            headers = headersValue as RegoObject ?? throw Operands.TypeError(0, headersValue, "object");
        }
        var url = requestObject["url"] as RegoString;
        var method = requestObject["method"] as RegoString;
        var invalid = new List<string>();
        if (url is null)
        {
            invalid.Add("url");
        }
        if (method is null)
        {
            invalid.Add("method");
        }
        if (invalid.Count > 0)
        {
            throw Operands.Error(1, "invalid values for required request parameters(s): " + SetText(invalid));
        }
        var body = RequestBody(requestObject);
        var disablePayloadSigning = false;
        if (config["disable_payload_signing"] is { } disable)
        {
            disablePayloadSigning = disable is RegoBoolean flag
                ? flag.Value
                : throw Operands.Error(2, "invalid value for 'disable_payload_signing' in AWS config");
        }
        var service = Text(config["aws_service"]);
        var credentials = (AccessKey: Text(config["aws_access_key"]), SecretKey: Text(config["aws_secret_access_key"]),
            Region: Text(config["aws_region"]), SessionToken: Text(config["aws_session_token"]));
        var callerHeaders = new List<(string Name, string Value)>();
        for (var i = 0; i < headers.Count; i++)
        {
            callerHeaders.Add((Text(headers.Keys[i]), Text(headers.Values[i])));
        }
        var (authorization, awsHeaders) = SignV4(callerHeaders, method!.Value, url!.Value, body, service, credentials,
            DateTimeOffset.UnixEpoch.AddTicks(nanos / 100), disablePayloadSigning);
        var signed = new RegoObject.Builder();
        foreach (var (name, value) in callerHeaders)
        {
            signed.Set(name, RegoString.From(value));
        }
        signed.Set("Authorization", RegoString.From(authorization));
        foreach (var (name, value) in awsHeaders)
        {
            signed.Set(name, RegoString.From(value));
        }
        var result = requestObject.ToBuilder();
        result.Set("headers", signed.Build());
        return result.Build();
    }

    private static (string Authorization, SortedDictionary<string, string> AwsHeaders) SignV4(
        List<(string Name, string Value)> headers, string method, string url, byte[] body, string service,
        (string AccessKey, string SecretKey, string Region, string SessionToken) credentials, DateTimeOffset time, bool disablePayloadSigning)
    {
        var contentHash = disablePayloadSigning ? "UNSIGNED-PAYLOAD" : Convert.ToHexStringLower(SHA256.HashData(body));
        var date = time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var dateTime = time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var (host, path, query) = SplitUrl(url);
        var awsHeaders = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["host"] = host, ["x-amz-date"] = dateTime };
        if (service is "s3" or "glacier")
        {
            awsHeaders["x-amz-content-sha256"] = contentHash;
        }
        if (credentials.SessionToken.Length > 0)
        {
            awsHeaders["x-amz-security-token"] = credentials.SessionToken;
        }
        var toSign = new SortedDictionary<string, string>(awsHeaders, StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var lower = name.ToLowerInvariant();
            if (!IgnoredHeaders.Contains(lower))
            {
                toSign[lower] = value;
            }
        }
        var canonical = new StringBuilder().Append(method).Append('\n').Append(path).Append('\n').Append(query).Append('\n');
        foreach (var (name, value) in toSign)
        {
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }
        var signedHeaders = string.Join(';', toSign.Keys);
        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(contentHash);
        var scope = $"{date}/{credentials.Region}/{service}/aws4_request";
        var stringToSign = "AWS4-HMAC-SHA256\n" + dateTime + "\n" + scope + "\n"
            + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
        var key = Mac(date, Encoding.UTF8.GetBytes("AWS4" + credentials.SecretKey));
        key = Mac(credentials.Region, key);
        key = Mac(service, key);
        key = Mac("aws4_request", key);
        var signature = Convert.ToHexStringLower(Mac(stringToSign, key));
        var authorization = $"AWS4-HMAC-SHA256 Credential={credentials.AccessKey}/{scope},SignedHeaders={signedHeaders},Signature={signature}";
        return (authorization, awsHeaders);
    }

    private static byte[] Mac(string message, byte[] key) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message));

    // Go's url.Parse as far as signing needs it: the host, the escaped path and the raw query.
    private static (string Host, string Path, string Query) SplitUrl(string url)
    {
        var rest = url;
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            rest = rest[..hash];
        }
        var query = "";
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            query = rest[(question + 1)..];
            rest = rest[..question];
        }
        var schemeEnd = rest.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return ("", rest, query);
        }
        rest = rest[(schemeEnd + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        var at = authority.LastIndexOf('@');
        return (at >= 0 ? authority[(at + 1)..] : authority, slash < 0 ? "" : rest[slash..], query);
    }

    private static byte[] RequestBody(RegoObject request)
    {
        if (request["raw_body"] is { } raw)
        {
            return Encoding.UTF8.GetBytes(Text(raw));
        }
        return request["body"] is { } body ? Encoding.UTF8.GetBytes(RegoJson.Serialize(body, escapeHtml: true)) : [];
    }

    private static void ValidateConfig(RegoObject config)
    {
        var missing = RequiredConfig.Where(k => config[k] is null).ToList();
        if (missing.Count > 0)
        {
            throw Operands.Error(2, "missing required AWS config parameters(s): " + SetText(missing));
        }
        var invalid = RequiredConfig.Where(k => config[k] is not RegoString).ToList();
        if (invalid.Count > 0)
        {
            throw Operands.Error(2, "invalid values for required AWS config parameters(s): " + SetText(invalid));
        }
    }

    // OPA's validateHTTPRequestOperand: only http.send's keys, and "method" and "url" present.
    private static void ValidateRequestKeys(RegoObject request)
    {
        var keys = request.Keys.ToArray();
        var unknown = keys.Where(k => k is not RegoString s || !RequestKeys.Contains(s.Value)).Select(k => k.ToString()).ToList();
        if (unknown.Count > 0)
        {
            throw Operands.Error(1, "invalid request parameters(s): {" + string.Join(", ", unknown) + "}");
        }
        var missing = RequiredRequestKeys.Where(k => request[k] is null).ToList();
        if (missing.Count > 0)
        {
            throw Operands.Error(1, "missing required request parameters(s): " + SetText(missing));
        }
    }

    /// <summary>A set of names as Rego prints it: {"a", "b"} in sorted order.</summary>
    private static string SetText(IEnumerable<string> names) =>
        "{" + string.Join(", ", names.Order(StringComparer.Ordinal).Select(n => "\"" + n + "\"")) + "}";

    private static string Text(RegoValue? value) => value is RegoString s ? s.Value : "";
}
