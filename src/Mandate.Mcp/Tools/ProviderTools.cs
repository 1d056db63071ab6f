namespace Mandate.Mcp.Tools;

using System.Text.Json.Nodes;
using Mandate.Core;
using Mandate.Mcp.Catalog;
using Mandate.Mcp.Providers;
using Mandate.Providers.Schema;

/// <summary>
/// Discovery: which providers exist, which of a provider's resource types fits what the user wants, and that
/// type's schema in compact form. They read public provider metadata only, so they need no role.
/// </summary>
internal static class ProviderTools
{
    public static IEnumerable<ToolDescriptor> All()
    {
        yield return new ToolDescriptor(
            "provider_search", "Search providers",
            "Lists the Terraform providers available to Mandate (e.g. hashicorp/aws), optionally filtered by keywords " +
            "such as a cloud's name. Use it first when you do not know which provider serves what the user wants; then use " +
            "provider_resource_types to find the resource type. Example: {\"query\": \"amazon\"} → hashicorp/aws with its versions.",
            new ToolParameters(new ToolParameter("query", ParameterType.String, "Words naming the cloud or service, e.g. \"aws\" or \"amazon\"; omit to list all.")),
            ToolHints.Read, Action: null, SearchProvidersAsync);

        yield return new ToolDescriptor(
            "provider_resource_types", "Find resource types",
            "Keyword search over one provider's resource types, best match first, with each type's one-line description. " +
            "Use it to turn what the user asks for into a resource type name before reading its schema with resource_type_schema. " +
            "Example: {\"provider\": \"aws\", \"query\": \"dynamo table\"} → aws_dynamodb_table first.",
            new ToolParameters(
                new ToolParameter("provider", ParameterType.String, "Provider name or address: \"aws\", \"hashicorp/aws\".", Required: true),
                new ToolParameter("query", ParameterType.String, "Words describing the resource, e.g. \"dynamo table\", \"s3 bucket\", \"vpc subnet\".", Required: true),
                new ToolParameter("limit", ParameterType.Integer, "How many matches to return (default 10).", Minimum: 1, Maximum: 50),
                new ToolParameter("version", ParameterType.String, "Provider version; the newest available when omitted.")),
            ToolHints.Read, Action: null, SearchResourceTypesAsync);

        yield return new ToolDescriptor(
            "resource_type_schema", "Resource type schema",
            "The compact schema of one resource type: every attribute and block, who sets it, types and one-line descriptions. " +
            "Read it before resource_plan or resource_create so the config uses real attribute names and types. " +
            CompactSchemaRenderer.Legend + " Example: {\"provider\": \"aws\", \"resource_type\": \"aws_dynamodb_table\"}.",
            new ToolParameters(
                new ToolParameter("provider", ParameterType.String, "Provider name or address: \"aws\", \"hashicorp/aws\".", Required: true),
                new ToolParameter("resource_type", ParameterType.String, "The resource type, e.g. \"aws_dynamodb_table\".", Required: true),
                new ToolParameter("version", ParameterType.String, "Provider version; the newest available when omitted."),
                new ToolParameter("descriptions", ParameterType.Boolean, "Include one-line attribute descriptions (default true); false halves the size.")),
            ToolHints.Read, Action: null, SchemaAsync);
    }

    private static ValueTask<ToolOutcome> SearchProvidersAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var found = call.Service<IProviderCatalog>().Search(call.String("query"));
        var result = new JsonObject
        {
            ["providers"] = new JsonArray([.. found.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.ShortName,
                ["address"] = p.Address,
                ["versions"] = new JsonArray([.. p.Versions.Take(5).Select(v => JsonValue.Create(v))]),
            })]),
        };
        if (found.Count == 0)
        {
            result["hint"] = "no provider matched; call provider_search without a query to list every provider available";
        }

        return ValueTask.FromResult(ToolOutcome.Json(result));
    }

    private static async ValueTask<ToolOutcome> SearchResourceTypesAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var view = await call.Service<IProviderCatalog>().GetSchemaAsync(call.RequiredString("provider"), call.String("version"), cancellationToken);
        var matches = view.Search.Search(call.RequiredString("query"), call.Int("limit", 10));
        var result = new JsonObject
        {
            ["provider"] = view.Provider.ShortName,
            ["version"] = view.Version,
            ["types"] = new JsonArray([.. matches.Select(m => (JsonNode)new JsonObject
            {
                ["type"] = m.TypeName,
                ["description"] = view.Schema.ResourceTypes[m.TypeName].Block.Description is { Length: > 0 } d ? CompactSchemaRenderer.FirstSentence(d, 120) : null,
            })]),
        };
        if (matches.Count == 0)
        {
            result["hint"] = "nothing matched; try other words (the service's name, e.g. \"dynamodb\", or what it is, e.g. \"queue\")";
        }

        return ToolOutcome.Json(result);
    }

    private static async ValueTask<ToolOutcome> SchemaAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var view = await call.Service<IProviderCatalog>().GetSchemaAsync(call.RequiredString("provider"), call.String("version"), cancellationToken);
        var type = call.RequiredString("resource_type");
        if (!view.Schema.ResourceTypes.TryGetValue(type, out var schema))
        {
            var close = DidYouMean.Suggest(type, view.Schema.ResourceTypes.Keys);
            var searched = view.Search.Search(type.Replace('_', ' '), 3).Select(m => m.TypeName);
            var suggestions = close.Concat(searched).Distinct(StringComparer.Ordinal).Take(5).ToArray();
            throw new MandateException(MandateErrorCodes.NotFound,
                $"provider {view.Provider.ShortName} {view.Version} has no resource type '{type}'"
                + (suggestions.Length > 0 ? $"; closest: {string.Join(", ", suggestions)}" : "; use provider_resource_types to search by keywords"),
                new Dictionary<string, object?> { ["closest"] = suggestions });
        }

        // The rendering alone: the caller named the provider, and every byte here is paid for in the model's context.
        return ToolOutcome.PlainText(CompactSchemaRenderer.Render(type, schema, call.Bool("descriptions", fallback: true) ? 80 : 0));
    }
}
