using static Mandate.Rego.Tests.Builtins.BuiltinTestKit;

namespace Mandate.Rego.Tests.Builtins;

public sealed class ProvidersAwsTests
{
    private const string Config = "{\"aws_access_key\":\"MYAWSACCESSKEYGOESHERE\",\"aws_secret_access_key\":\"MYAWSSECRETACCESSKEYGOESHERE\",\"aws_service\":\"s3\",\"aws_region\":\"us-east-1\"}";
    private const string Time = "1451311705000000000";

    // The expected signature is the one AWS's SigV4 algorithm gives for these inputs (OPA's own case).
    [Fact]
    public void Signs_a_request_without_body() =>
        AssertJson("{\"method\":\"get\",\"url\":\"http://example.com\",\"headers\":{"
            + "\"Authorization\":\"AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=0047a7016c81e5c7f29cd522f97e911e04fc472fced0aee7916cbc287ad6c8e3\","
            + "\"host\":\"example.com\",\"x-amz-content-sha256\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\",\"x-amz-date\":\"20151228T140825Z\"}}",
            "providers.aws.sign_req", "{\"method\":\"get\",\"url\":\"http://example.com\"}", Config, Time);

    [Fact]
    public void Unsigned_payload_replaces_the_body_hash()
    {
        var config = Config.Replace("}", ",\"disable_payload_signing\":true}", StringComparison.Ordinal);
        var result = (Mandate.Rego.Values.RegoObject)Call("providers.aws.sign_req", J("{\"method\":\"get\",\"url\":\"https://example.com\",\"headers\":{\"foo\":\"bar\"}}"), J(config), J(Time))!;
        var headers = (Mandate.Rego.Values.RegoObject)result["headers"]!;
        Assert.Equal(S("UNSIGNED-PAYLOAD"), headers["x-amz-content-sha256"]);
        Assert.Equal(S("AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=foo;host;x-amz-content-sha256;x-amz-date,Signature=c6e6db654e92172f71e18c714c123711de069ac6fd7df1348e5b28fd05532028"),
            headers["Authorization"]);
    }

    [Theory]
    [InlineData("{}", Config, Time, "providers.aws.sign_req: operand 1 missing required request parameters(s): {\"method\", \"url\"}")]
    [InlineData("{\"method\":1,\"url\":\"http://x\"}", Config, Time, "providers.aws.sign_req: operand 1 invalid values for required request parameters(s): {\"method\"}")]
    [InlineData("{\"method\":\"get\",\"url\":\"http://x\"}", "{\"example\":1}", Time, "providers.aws.sign_req: operand 2 missing required AWS config parameters(s): {\"aws_access_key\", \"aws_region\", \"aws_secret_access_key\", \"aws_service\"}")]
    [InlineData("{\"method\":\"get\",\"url\":\"http://x\"}", Config, "1.5", "providers.aws.sign_req: operand 3 could not convert time_ns value into a unix timestamp")]
    public void Operand_errors(string request, string config, string time, string message) =>
        AssertJsonError("eval_type_error", message, "providers.aws.sign_req", request, config, time);
}
