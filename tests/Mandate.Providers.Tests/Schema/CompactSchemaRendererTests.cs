using System.Text;
using Mandate.Providers.Cty;
using Mandate.Providers.Schema;

namespace Mandate.Providers.Tests.Schema;

public sealed class CompactSchemaRendererTests
{
    [Fact]
    public void Renders_groups_types_nesting_counts_and_descriptions()
    {
        var text = CompactSchemaRenderer.Render("test_thing", new ResourceSchema { Version = 2, Block = TestSchemas.Resource });
        Assert.Equal(
            """
            test_thing v2
            R name
            O legacy*:b password(sensitive) size:n
            OC description tags_all:map[s]
            C arn id
            - name: Name of the thing.
            by_name map{
            O size:n
            C uid}
            group group{
            O enabled:b}
            key_schema list+{
            R attribute_name}
            rule list0-3{
            R port:n
            C rule_id}
            settings{
            O mode
            C revision:n}
            tag_set set{
            R key
            O value
            C etag}

            """, text);
    }

    [Theory]
    [InlineData("list(string)", "[s]")]
    [InlineData("set(number)", "set[n]")]
    [InlineData("map(list(bool))", "map[[b]]")]
    [InlineData("any", "any")]
    public void Type_notation(string friendly, string expected)
    {
        var type = friendly switch
        {
            "list(string)" => CtyType.List(CtyType.String),
            "set(number)" => CtyType.Set(CtyType.Number),
            "map(list(bool))" => CtyType.Map(CtyType.List(CtyType.Bool)),
            _ => CtyType.Dynamic,
        };
        Assert.Equal(expected, CompactSchemaRenderer.TypeNotation(type));
    }

    [AwsSchemaFact]
    public void Real_resources_render_in_at_most_a_fifth_of_terraforms_json_with_every_name()
    {
        foreach (var name in new[] { "aws_dynamodb_table", "aws_s3_bucket" })
        {
            var schema = AwsSchemaFixture.Schema.ResourceTypes[name];
            var text = CompactSchemaRenderer.Render(name, schema);
            var jsonBytes = Encoding.UTF8.GetByteCount(AwsSchemaFixture.ResourceJson(name));
            var textBytes = Encoding.UTF8.GetByteCount(text);
            Console.WriteLine($"{name}: compact {textBytes} bytes, terraform JSON {jsonBytes} bytes, ratio {(double)textBytes / jsonBytes:F3}");
            Assert.True(textBytes * 5 <= jsonBytes, $"{name}: {textBytes} bytes is more than a fifth of {jsonBytes}");
            foreach (var n in AllNames(schema.Block)) Assert.Contains(n, text, StringComparison.Ordinal);
        }
    }

    [AwsSchemaFact]
    public void Every_real_resource_keeps_every_name()
    {
        foreach (var (name, schema) in AwsSchemaFixture.Schema.ResourceTypes)
        {
            var text = CompactSchemaRenderer.Render(name, schema);
            var tokens = text.Split([' ', '\n', '{', '}', ':', '(', ')', '?', '!', '+', '*'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            foreach (var n in AllNames(schema.Block)) Assert.True(tokens.Contains(n), $"{name}: {n} missing");
        }
    }

    private static IEnumerable<string> AllNames(SchemaBlock block) =>
        block.Attributes.Keys.Concat(block.BlockTypes.SelectMany(b => AllNames(b.Value.Block).Prepend(b.Key)));
}
