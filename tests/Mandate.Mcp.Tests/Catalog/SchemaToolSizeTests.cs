namespace Mandate.Mcp.Tests.Catalog;

using System.Text;
using Mandate.Mcp.Tests.Support;
using Mandate.Providers.Schema;
using Mandate.Providers.Tests.Schema;
using ModelContextProtocol.Client;

/// <summary>
/// What resource_type_schema sends a model, measured against the resource's entry in
/// <c>terraform providers schema -json</c>: at most a fifth of the bytes, with every attribute and block named.
/// </summary>
public sealed class SchemaToolSizeTests
{
    [AwsSchemaFact]
    public async Task Compact_schemas_are_at_most_a_fifth_of_terraforms_json_and_name_everything()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await host.ConnectAsync();
        foreach (var type in new[] { "aws_s3_bucket", "aws_dynamodb_table" })
        {
            var result = await client.CallToolAsync("resource_type_schema",
                new Dictionary<string, object?> { ["provider"] = "hashicorp/aws", ["resource_type"] = type, ["version"] = AwsSchemaFixture.Version });
            Assert.NotEqual(true, result.IsError);
            var text = ToolResults.Text(result);
            var textBytes = Encoding.UTF8.GetByteCount(text);
            var jsonBytes = Encoding.UTF8.GetByteCount(AwsSchemaFixture.ResourceJson(type));
            Console.WriteLine($"{type}: tool result {textBytes} bytes, terraform JSON {jsonBytes} bytes, ratio {(double)textBytes / jsonBytes:F3}");
            Assert.True(textBytes * 5 <= jsonBytes, $"{type}: {textBytes} bytes is more than a fifth of {jsonBytes}");

            var tokens = text.Split([' ', '\n', '{', '}', ':', '(', ')', '?', '!', '+', '*'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            foreach (var name in AllNames(AwsSchemaFixture.Schema.ResourceTypes[type].Block))
            {
                Assert.True(tokens.Contains(name), $"{type}: '{name}' is not named in the tool's result");
            }
        }
    }

    [Mandate.TestFixtures.Xunit.RequiresAwsProviderFact]
    public async Task A_misspelt_type_gets_the_closest_names()
    {
        await using var host = await TransportHost.StartAsync();
        await using var client = await host.ConnectAsync();
        var error = await client.ErrorAsync("resource_type_schema", new { provider = "aws", resource_type = "aws_dynamodb_tabel" });
        Assert.Equal("not_found", error["code"]!.GetValue<string>());
        Assert.Contains("aws_dynamodb_table", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static IEnumerable<string> AllNames(SchemaBlock block) =>
        block.Attributes.Keys.Concat(block.BlockTypes.SelectMany(b => AllNames(b.Value.Block).Prepend(b.Key)));
}
