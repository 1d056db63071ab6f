namespace Mandate.Core.Tests.Secrets;

using System.Text.Json.Nodes;
using Mandate.Core.Secrets;
using Mandate.Providers.Cty;
using Mandate.Providers.Schema;

public sealed class SealedJsonTests
{
    private const string Password = "hunter2-very-secret";
    private readonly SecretProtector _protector = new(SecretKey.Generate());

    // A resource with a top-level sensitive attribute, a nested block with one, and a plain attribute.
    private static readonly SchemaBlock Schema = new()
    {
        Attributes = new Dictionary<string, SchemaAttribute>
        {
            ["name"] = new() { Name = "name", Type = CtyType.String, Optional = true },
            ["password"] = new() { Name = "password", Type = CtyType.String, Optional = true, Sensitive = true },
            ["port"] = new() { Name = "port", Type = CtyType.Number, Optional = true, Sensitive = true },
        },
        BlockTypes = new Dictionary<string, SchemaNestedBlock>
        {
            ["user"] = new()
            {
                TypeName = "user",
                Nesting = SchemaNesting.List,
                Block = new SchemaBlock
                {
                    Attributes = new Dictionary<string, SchemaAttribute>
                    {
                        ["login"] = new() { Name = "login", Type = CtyType.String, Optional = true },
                        ["token"] = new() { Name = "token", Type = CtyType.String, Optional = true, Sensitive = true },
                    },
                },
            },
        },
    };

    private static JsonObject Document() => new()
    {
        ["name"] = "db",
        ["password"] = Password,
        ["port"] = 5432,
        ["user"] = new JsonArray(new JsonObject { ["login"] = "app", ["token"] = "tok-1234" }, new JsonObject { ["login"] = "ro", ["token"] = null }),
    };

    [Fact]
    public void Sealing_hides_every_schema_sensitive_value_at_any_depth_and_opening_restores_it()
    {
        var sealedDoc = SealedJson.Seal(Schema, Document(), _protector, SealedJson.Location("prj_1"))!;
        var text = sealedDoc.ToJsonString();

        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-1234", text, StringComparison.Ordinal);
        Assert.DoesNotContain("5432", text, StringComparison.Ordinal);
        Assert.Equal("db", sealedDoc["name"]!.GetValue<string>());
        Assert.True(SealedJson.IsSealed(sealedDoc["password"]));
        Assert.True(SealedJson.IsSealed(sealedDoc["user"]![0]!["token"]));
        Assert.Null(sealedDoc["user"]![1]!["token"]);
        Assert.True(JsonNode.DeepEquals(Document(), SealedJson.Open(sealedDoc, _protector, SealedJson.Location("prj_1"))));
    }

    [Fact]
    public void Sealing_twice_changes_nothing_and_references_stay_resolvable()
    {
        var withReference = Document();
        withReference["password"] = new JsonObject { ["$ref"] = "secret.value" };
        var once = SealedJson.Seal(Schema, withReference, _protector, "project:p")!;
        var twice = SealedJson.Seal(Schema, once, _protector, "project:p")!;

        Assert.True(JsonNode.DeepEquals(once, twice));
        Assert.Equal("secret.value", twice["password"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public void Redaction_shows_the_marker_without_key_or_schema_and_a_moved_value_does_not_open()
    {
        var sealedDoc = SealedJson.Seal(Schema, Document(), _protector, SealedJson.Location("prj_1"))!;

        var redacted = SealedJson.Redact(sealedDoc)!;
        var moved = Assert.Throws<MandateException>(() => SealedJson.Open(sealedDoc, _protector, SealedJson.Location("prj_2")));

        Assert.Equal(Redaction.Marker, redacted["password"]!.GetValue<string>());
        Assert.Equal(Redaction.Marker, redacted["user"]![0]!["token"]!.GetValue<string>());
        Assert.Equal("app", redacted["user"]![0]!["login"]!.GetValue<string>());
        Assert.Equal(SecretErrorCodes.SecretUnreadable, moved.Code);
    }

    [Fact]
    public void Sensitive_texts_lists_what_to_scrub_from_messages()
    {
        var texts = SealedJson.SensitiveTexts(Schema, Document());

        Assert.Equal(new[] { Password, "5432", "tok-1234" }.Order(StringComparer.Ordinal), texts.Order(StringComparer.Ordinal));
    }
}
