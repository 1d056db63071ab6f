namespace Mandate.Core.Tests.Pipeline;

using Mandate.Core.Pipeline;
using Mandate.Providers.Cty;
using Mandate.Providers.Cty.Json;
using Mandate.Providers.Schema;

public sealed class AttributeChangesTests
{
    private static readonly SchemaBlock Schema = new()
    {
        Attributes = new Dictionary<string, SchemaAttribute>
        {
            ["name"] = new() { Name = "name", Type = CtyType.String, Required = true },
            ["password"] = new() { Name = "password", Type = CtyType.String, Optional = true, Sensitive = true },
            ["arn"] = new() { Name = "arn", Type = CtyType.String, Computed = true },
            ["labels"] = new() { Name = "labels", Type = CtyType.Map(CtyType.String), Optional = true, Sensitive = true },
        },
    };

    [Fact]
    public void A_create_lists_every_attribute_marks_unknowns_and_redacts_sensitive_values()
    {
        var after = Value("db", "hunter2", null, unknownArn: true, ("env", "prod"));

        var changes = AttributeChanges.Between(Schema, CtyValue.Null(Schema.ImpliedType()), after, []).ToDictionary(c => c.Path);

        Assert.Equal("db", changes["name"].After!.GetValue<string>());
        Assert.False(changes["name"].Sensitive);
        Assert.Equal(CtyPlainJson.SensitiveMarker, changes["password"].After!.GetValue<string>());
        Assert.True(changes["password"].Sensitive);
        Assert.True(changes["arn"].UnknownAfterApply);
        Assert.Null(changes["arn"].After);
        // Inside a sensitive map, each entry is redacted too (the mark sits on the container).
        var label = Assert.Single(changes.Values, c => c.Path.StartsWith("labels", StringComparison.Ordinal));
        Assert.True(label.Sensitive);
        Assert.DoesNotContain("prod", label.After!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(changes.Values, c => c.ToString().Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void An_update_lists_only_what_changed_and_marks_the_attributes_that_force_replacement()
    {
        var before = Value("db", "hunter2", "arn:1", unknownArn: false);
        var after = Value("db2", "hunter3", "arn:1", unknownArn: false);

        var changes = AttributeChanges.Between(Schema, before, after, [CtyPath.OfAttributes("name")]);

        Assert.Equal(["name", "password"], changes.Select(c => c.Path));
        Assert.True(changes[0].ForcesReplacement);
        Assert.Equal(("db", "db2"), (changes[0].Before!.GetValue<string>(), changes[0].After!.GetValue<string>()));
        Assert.False(changes[1].ForcesReplacement);
        Assert.Equal("updated", changes[1].Change);
        Assert.Equal(CtyPlainJson.SensitiveMarker, changes[1].Before!.GetValue<string>());
    }

    private static CtyValue Value(string name, string password, string? arn, bool unknownArn, params (string Key, string Value)[] labels) =>
        CtyValue.Object(Schema.ImpliedType(), new Dictionary<string, CtyValue>
        {
            ["name"] = CtyValue.String(name),
            ["password"] = CtyValue.String(password),
            ["arn"] = unknownArn ? CtyValue.Unknown(CtyType.String) : arn is null ? CtyValue.Null(CtyType.String) : CtyValue.String(arn),
            ["labels"] = labels.Length == 0
                ? CtyValue.Null(CtyType.Map(CtyType.String))
                : CtyValue.Map(CtyType.String, labels.Select(l => KeyValuePair.Create(l.Key, CtyValue.String(l.Value)))),
        });
}
