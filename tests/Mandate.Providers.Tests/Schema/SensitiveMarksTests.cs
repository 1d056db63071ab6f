using Mandate.Providers.Cty;
using Mandate.Providers.Cty.Json;
using Mandate.Providers.Schema;

namespace Mandate.Providers.Tests.Schema;

public sealed class SensitiveMarksTests
{
    private static readonly SchemaBlock Schema = TestSchemas.Block(
        [TestSchemas.Attr("name", CtyType.String, required: true), TestSchemas.Attr("password", CtyType.String, optional: true, sensitive: true)],
        [TestSchemas.Nested("login", SchemaNesting.List, TestSchemas.Block([TestSchemas.Attr("user", CtyType.String, required: true), TestSchemas.Attr("secret", CtyType.String, optional: true, sensitive: true)]))]);

    [Fact]
    public void Schema_sensitive_values_are_marked_at_every_depth_and_redacted_in_the_plain_view()
    {
        var value = TestSchemas.Value(Schema.ImpliedType(), """{"name":"n","password":"p","login":[{"user":"u","secret":"s"},{"user":"v","secret":null}]}""");
        var marked = SensitiveMarks.Apply(Schema, value);
        Assert.True(marked.GetAttribute("password").IsSensitive);
        Assert.False(marked.GetAttribute("name").IsSensitive);
        Assert.True(marked.GetAttribute("login").Elements[0].GetAttribute("secret").IsSensitive);
        Assert.False(marked.GetAttribute("login").Elements[1].GetAttribute("secret").IsSensitive); // null stays plain: nothing to hide
        var view = CtyPlainJson.ToView(marked);
        Assert.Equal(["login[0].secret", "password"], view.SensitivePaths.Order(StringComparer.Ordinal));
        Assert.Equal(CtyPlainJson.SensitiveMarker, view.Value!["password"]!.GetValue<string>());
        Assert.True(value.EqualsIgnoringMarks(marked));
    }
}
