using System.Text.Json.Nodes;
using Mandate.Core.Audit;
using Mandate.Core.Keys;
using Mandate.Core.Secrets;

namespace Mandate.Core.Tests.Audit;

public sealed class AuditPayloadTests
{
    [Fact]
    public void Secret_fields_are_recorded_without_their_values_and_the_result_is_canonical()
    {
        var payload = new AuditPayloadBuilder()
            .Add("region", "eu-west-1")
            .Secret("secret_key")
            .Add("attempt", 2)
            .Add("read_only", false)
            .Add("labels", ["web", "prod"])
            .Build();

        Assert.Equal("""{"attempt":2,"labels":["web","prod"],"read_only":false,"region":"eu-west-1","secret_key":"(sensitive value)"}""", payload.Json);
    }

    [Fact]
    public void Sensitive_attributes_inside_json_are_redacted()
    {
        var attributes = JsonNode.Parse("""{"identifier":"db","password":"hunter2","users":[{"name":"a","token":"t"}]}""");

        var payload = new AuditPayloadBuilder().AddJson("after", attributes, ["password", "users[*].token"]).Build();

        Assert.DoesNotContain("hunter2", payload.Json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"t\"", payload.Json, StringComparison.Ordinal);
        Assert.Contains("\"identifier\":\"db\"", payload.Json, StringComparison.Ordinal);
        Assert.Equal("hunter2", (string?)attributes!["password"]);
    }

    [Fact]
    public void Api_keys_and_ciphertexts_that_slip_into_free_text_are_scrubbed()
    {
        var key = new ApiKeyFactory().Create(Mandate.Core.Access.KeyScope.Write).PlainText;
        var cipher = new SecretProtector(SecretKey.Generate()).Protect("hunter2", "integration:1:secret_key");

        var payload = new AuditPayloadBuilder()
            .Add("error", $"auth header was Bearer {key} (rejected)")
            .AddJson("row", new JsonObject { ["secret_key"] = cipher, ["nested"] = new JsonArray(key) })
            .Build();

        Assert.DoesNotContain(key, payload.Json, StringComparison.Ordinal);
        Assert.DoesNotContain(cipher, payload.Json, StringComparison.Ordinal);
        Assert.Contains("auth header was Bearer (sensitive value) (rejected)", payload.Json, StringComparison.Ordinal);
    }

    [Fact]
    public void From_object_redacts_paths_and_leaves_the_input_alone()
    {
        var details = new JsonObject { ["b"] = 1, ["password"] = "p" };

        var payload = AuditPayload.FromObject(details, ["password"]);

        Assert.Equal("""{"b":1,"password":"(sensitive value)"}""", payload.Json);
        Assert.Equal("p", (string?)details["password"]);
    }

    [Fact]
    public void A_field_added_twice_is_a_bug_not_a_silent_overwrite()
    {
        var builder = new AuditPayloadBuilder().Add("a", "1");

        Assert.Throws<ArgumentException>(() => builder.Add("a", "2"));
    }

    [Fact]
    public void Empty_payload_is_an_empty_object()
    {
        Assert.Equal("{}", AuditPayload.Empty.Json);
        Assert.Equal("{}", new AuditPayloadBuilder().Build().Json);
    }
}
