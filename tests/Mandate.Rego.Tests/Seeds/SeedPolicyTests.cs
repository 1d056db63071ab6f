using Mandate.Rego.Compile;
using Mandate.Rego.Values;

namespace Mandate.Rego.Tests.Seeds;

/// <summary>
/// The four example Intent policies of the product documentation (seed 001), compiled verbatim, give the
/// documented deny/allow sets on a table of inputs.
/// </summary>
public sealed class SeedPolicyTests
{
    private static RegoValue Input(string type, string provider, string operation, string? environment, bool proposed = true)
    {
        var state = proposed
            ? environment is null
                ? $$$"""{"bucket":"b1","acl":"private","tags":{"Owner":"team"}}"""
                : $$$"""{"bucket":"b1","acl":"private","tags":{"Owner":"team","Environment":"{{{environment}}}"}}"""
            : "null";
        return RegoJson.Parse($$$"""
            {"resource":{"resource_id":"r1","resource_type":"{{{type}}}","provider":"{{{provider}}}","provider_version":"5.0.0",
             "operation":"{{{operation}}}","current_state":null,"proposed_state":{{{state}}}}}
            """);
    }

    public static TheoryData<string, string, string, string, string?, bool, string[], string[]> Table => new()
    {
        // policy, type, provider, operation, Environment tag, has proposed state, deny, allow
        { "only_s3", "aws_s3_bucket", "aws", "create", null, true, [], ["Operation \"create\" on S3 bucket is allowed."] },
        { "only_s3", "aws_instance", "aws", "update", "prod", true, ["Only S3 buckets are allowed. Resource type \"aws_instance\" is not permitted."], [] },
        { "deny_delete", "aws_s3_bucket", "aws", "delete", null, false, ["Deleting aws_s3_bucket resources is not allowed."], [] },
        { "deny_delete", "aws_instance", "aws", "update", null, true, [], ["Operation \"update\" on aws_instance is allowed."] },
        { "providers", "aws_s3_bucket", "aws", "create", null, true, [], ["Provider \"aws\" is allowed."] },
        { "providers", "random_pet", "random", "delete", null, false, [], ["Provider \"random\" is allowed."] },
        { "providers", "google_storage_bucket", "google", "create", null, true, ["Provider \"google\" is not allowed. Permitted providers: {\"aws\", \"random\"}."], [] },
        { "require_tags", "aws_s3_bucket", "aws", "create", null, true, ["S3 buckets must have an Environment tag."], [] },
        { "require_tags", "aws_s3_bucket", "aws", "create", "prod", true, [], ["S3 bucket with Environment=prod is allowed."] },
        { "require_tags", "aws_s3_bucket", "aws", "update", null, true, [], [] },
        { "require_tags", "aws_s3_bucket", "aws", "update", "dev", true, [], ["S3 bucket with Environment=dev is allowed."] },
        { "require_tags", "aws_s3_bucket", "aws", "delete", null, false, [], [] },
        { "require_tags", "aws_instance", "aws", "create", null, true, [], [] },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Seed_policy_gives_documented_decision(
        string policy, string type, string provider, string operation, string? environment, bool proposed, string[] deny, string[] allow)
    {
        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Seeds", policy + ".rego"));
        var compiled = new RegoCompiler().AddModule(policy + ".rego", source).Compile();
        var input = Input(type, provider, operation, environment, proposed);

        var denied = compiled.Prepare("x := data.spacelift.deny").Evaluate(input)["x"];
        var allowed = compiled.Prepare("x := data.spacelift.allow").Evaluate(input)["x"];

        Assert.Equal(RegoSet.From(deny.Select(s => (RegoValue)RegoString.From(s))), denied);
        Assert.Equal(RegoSet.From(allow.Select(s => (RegoValue)RegoString.From(s))), allowed);
    }
}
