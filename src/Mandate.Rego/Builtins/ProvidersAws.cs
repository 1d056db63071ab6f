using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mandate.Rego.Builtins.Go;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// providers.aws.sign_req: signs an http.send-style request object with AWS Signature Version 4 and
/// returns it with the Authorization and x-amz-* headers added. Pure computation over the operands (the
/// timestamp is an operand), so it is deterministic and needs no network.
/// </summary>
internal static class ProvidersAws
{
    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    private static readonly string[] RequiredConfig = ["aws_access_key", "aws_region", "aws_secret_access_key", "aws_service"];
    private static readonly string[] RequiredRequest = ["method", "url"];

    // Headers a proxy may rewrite are left out of the signature, as AWS's own SDKs do.
    private static readonly HashSet<string> IgnoredHeaders = new(StringComparer.Ordinal) { "authorization", "user-agent", "x-amzn-trace-id" };

    [RegoBuiltin("providers.aws.sign_req")]
    public static RegoValue SignRequest(RegoValue request, RegoValue config, RegoValue timeNs)
    {
        RegoObject req = Operands.Object(request, 1);
        RegoObject cfg = Operands.Object(config, 2);
        CheckKeys(cfg, RequiredConfig, 2, "AWS config parameters(s)");
        RegoNumber ts = Operands.Number(timeNs, 3);
        // Go reads the number as an int64 of nanoseconds; this engine also refuses instants before 1970.
        if (!ts.TryGetInt64(out long nanos) || nanos < 0)
        {
            throw Operands.Error(3, "could not convert time_ns value into a unix timestamp");
        }
        CheckKeys(req, RequiredRequest, 1, "request parameters(s)");

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (req["headers"] is { } headersValue)
        {
            RegoObject h = headersValue as RegoObject ?? throw Operands.TypeError(1, headersValue, "object");
            for (int i = 0; i < h.Count; i++)
            {
                headers[Text(h.Keys[i])] = Text(h.Values[i]);
            }
        }

        bool disablePayloadSigning = false;
        if (cfg["disable_payload_signing"] is { } flag)
        {
            disablePayloadSigning = flag is RegoBoolean b
                ? b.Value
                : throw Operands.Error(2, "invalid value for 'disable_payload_signing' in AWS config");
        }

        GoUrl url;
        try
        {
            url = GoUrl.Parse(Text(req["url"]!));
        }
        catch (FormatException e)
        {
            throw new BuiltinException($"parse {Go.GoQuote.Quote(Text(req["url"]!))}: {e.Message}");
        }

        byte[] body = req["raw_body"] is { } raw ? Encoding.UTF8.GetBytes(Text(raw))
            : req["body"] is { } json ? Encoding.UTF8.GetBytes(RegoJson.Serialize(json, escapeHtml: true))
            : [];
        string service = Text(cfg["aws_service"]!);
        string region = Text(cfg["aws_region"]!);
        DateTime now = DateTime.UnixEpoch.AddTicks(nanos / 100);
        string date = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        string stamp = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        string payloadHash = disablePayloadSigning ? UnsignedPayload : Hex(SHA256.HashData(body));

        var awsHeaders = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = url.Host,
            ["x-amz-date"] = stamp,
        };
        // S3 and Glacier want the payload hash as a header too; other services do not.
        if (service is "s3" or "glacier") awsHeaders["x-amz-content-sha256"] = payloadHash;
        if (cfg["aws_session_token"] is RegoString token && token.Value.Length > 0) awsHeaders["x-amz-security-token"] = token.Value;

        // As in OPA, a header the request already carries is signed with the request's own value, even
        // where the returned headers then carry the computed one (x-amz-content-sha256).
        var signed = new SortedDictionary<string, string>(awsHeaders, StringComparer.Ordinal);
        foreach ((string k, string v) in headers)
        {
            string lower = k.ToLowerInvariant();
            if (!IgnoredHeaders.Contains(lower)) signed[lower] = v;
        }

        var canonical = new StringBuilder();
        canonical.Append(Text(req["method"]!)).Append('\n')
            .Append(url.EscapedPath).Append('\n')
            .Append(url.RawQuery).Append('\n');
        foreach ((string k, string v) in signed) canonical.Append(k).Append(':').Append(v).Append('\n');
        string signedHeaders = string.Join(';', signed.Keys);
        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);

        string scope = $"{date}/{region}/{service}/aws4_request";
        string toSign = $"AWS4-HMAC-SHA256\n{stamp}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        byte[] key = Mac(Encoding.UTF8.GetBytes("AWS4" + Text(cfg["aws_secret_access_key"]!)), date);
        key = Mac(key, region);
        key = Mac(key, service);
        key = Mac(key, "aws4_request");
        string signature = Hex(Mac(key, toSign));

        var outHeaders = new RegoObject.Builder();
        foreach ((string k, string v) in headers) outHeaders.Set(k, RegoString.From(v));
        outHeaders.Set("Authorization", RegoString.From(
            $"AWS4-HMAC-SHA256 Credential={Text(cfg["aws_access_key"]!)}/{scope},SignedHeaders={signedHeaders},Signature={signature}"));
        foreach ((string k, string v) in awsHeaders) outHeaders.Set(k, RegoString.From(v));

        RegoObject.Builder result = req.ToBuilder();
        result.Set("headers", outHeaders.Build());
        return result.Build();
    }

    /// <summary>OPA's checks: first every required key present, then every one a string.</summary>
    private static void CheckKeys(RegoObject obj, string[] required, int pos, string what)
    {
        string[] missing = required.Where(k => obj[k] is null).ToArray();
        if (missing.Length > 0) throw Operands.Error(pos, $"missing required {what}: {SetText(missing)}");
        string[] invalid = required.Where(k => obj[k] is not RegoString).ToArray();
        if (invalid.Length > 0) throw Operands.Error(pos, $"invalid values for required {what}: {SetText(invalid)}");
    }

    private static string SetText(string[] keys) => RegoText.Format(RegoSet.From(keys.Select(k => (RegoValue)RegoString.From(k))));

    private static string Text(RegoValue v) => v is RegoString s ? s.Value : string.Empty;

    private static byte[] Mac(byte[] key, string message) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
