namespace Mandate.Mcp.Tests.Catalog;

using System.Text.Json;
using Mandate.Core.Access;
using Mandate.Mcp.Catalog;
using Mandate.Mcp.Tools;

/// <summary>The catalog as a whole: what a model reads must be complete, and the hints must tell the truth.</summary>
public sealed class ToolCatalogTests
{
    private static readonly IReadOnlyList<ToolDescriptor> Tools = [.. MandateTools.All()];

    public static TheoryData<string> ToolNames()
    {
        var data = new TheoryData<string>();
        foreach (var tool in Tools)
        {
            data.Add(tool.Name);
        }

        return data;
    }

    [Fact]
    public void The_catalog_covers_the_issue_and_names_are_unique()
    {
        string[] expected =
        [
            "provider_search", "provider_resource_types", "resource_type_schema",
            "project_list", "project_create", "project_describe", "project_use",
            "resource_list", "resource_get", "resource_create", "resource_update", "resource_delete", "resource_eject", "resource_dependencies",
            "operation_status", "operation_resume", "operation_list_pending", "operation_approve", "operation_reject",
            "policy_list", "policy_get", "policy_create", "policy_update", "policy_attach", "policy_detach", "policy_test", "policy_evaluate_draft",
            "audit_search", "lock_status", "lock_unlock",
        ];
        Assert.Empty(expected.Except(Tools.Select(t => t.Name)));
        Assert.Equal(Tools.Count, Tools.Select(t => t.Name).Distinct().Count());
        _ = new ToolCatalog(Tools);
    }

    [Theory]
    [MemberData(nameof(ToolNames))]
    public void Each_tool_is_described_for_a_model_with_an_example(string name)
    {
        var tool = Tools.Single(t => t.Name == name);
        Assert.Matches("^[a-z]+(_[a-z]+)+$", tool.Name);
        Assert.True(tool.Description.Length is > 80 and < 1600, $"{name}: description is {tool.Description.Length} characters");
        Assert.Contains("Example:", tool.Description, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(tool.Title));
        Assert.All(tool.Parameters.All, p => Assert.False(string.IsNullOrWhiteSpace(p.Description)));
    }

    [Theory]
    [MemberData(nameof(ToolNames))]
    public void Hints_agree_with_the_core_action(string name)
    {
        var tool = Tools.Single(t => t.Name == name);
        // A tool is read-only exactly when its action changes nothing (provider metadata tools have no action).
        Assert.Equal(!tool.Mutates, tool.Hints.ReadOnly);
        if (tool.Hints.ReadOnly)
        {
            Assert.False(tool.Hints.Destructive, $"{name} is read-only yet marked destructive");
        }

        // Anything that destroys cloud objects, discards state or decides for others must say so.
        if (name is "resource_delete" or "resource_eject" or "lock_unlock" or "operation_approve" or "operation_reject" or "policy_detach" or "resource_update"
            or "operation_resume")
        {
            Assert.True(tool.Hints.Destructive, $"{name} must be marked destructive");
        }

        if (name is "resource_create" or "resource_update" or "resource_delete" or "operation_approve" or "operation_resume")
        {
            Assert.True(tool.Hints.OpenWorld, $"{name} reaches the cloud and must be marked open-world");
        }
    }

    [Fact]
    public void Input_schemas_are_closed_objects_listing_required_arguments()
    {
        var create = Tools.Single(t => t.Name == "resource_create").Parameters.Schema;
        Assert.Equal("object", create.GetProperty("type").GetString());
        Assert.False(create.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(["resource_id", "resource_type", "config"], create.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("object", create.GetProperty("properties").GetProperty("config").GetProperty("type").GetString());
        var limit = Tools.Single(t => t.Name == "resource_list").Parameters.Schema.GetProperty("properties").GetProperty("limit");
        Assert.Equal("integer", limit.GetProperty("type").GetString());
        Assert.Equal(50, limit.GetProperty("maximum").GetInt32());
    }

    [Fact]
    public void A_read_scoped_principal_sees_only_tools_that_change_nothing()
    {
        var catalog = new ToolCatalog(Tools);
        var read = catalog.ListFor(Principal.ApiKey("k1", "reader", KeyScope.Read));
        var write = catalog.ListFor(Principal.ApiKey("k2", "writer", KeyScope.Write));
        Assert.Equal(Tools.Count, write.Count);
        Assert.All(read, t => Assert.True(t.Annotations!.ReadOnlyHint));
        Assert.Contains(read, t => t.Name == "resource_get");
        Assert.DoesNotContain(read, t => t.Name == "resource_create");
        Assert.Equal(Tools.Count(t => !t.Mutates), read.Count);
    }

    [Fact]
    public void Arguments_are_checked_against_the_same_definition_the_schema_shows()
    {
        var parameters = new ToolParameters(
            new ToolParameter("name", ParameterType.String, "n", Required: true),
            new ToolParameter("count", ParameterType.Integer, "c", Minimum: 1, Maximum: 5),
            new ToolParameter("mode", ParameterType.String, "m", Allowed: ["fast", "slow"]),
            new ToolParameter("tags", ParameterType.StringArray, "t"));
        var ok = parameters.Check(Args("""{"name":"x","count":3,"mode":"fast","tags":["a"]}"""));
        Assert.True(ok.IsValid);
        Assert.Equal(3, ok.Values["count"]!.GetValue<long>());

        var bad = parameters.Check(Args("""{"nme":"x","count":9,"mode":"medium","tags":["a",1]}"""));
        Assert.Contains(bad.Problems, p => p.Contains("unknown argument 'nme' (did you mean 'name'?)", StringComparison.Ordinal));
        Assert.Contains(bad.Problems, p => p.Contains("missing required argument 'name'", StringComparison.Ordinal));
        Assert.Contains(bad.Problems, p => p.Contains("between 1 and 5", StringComparison.Ordinal));
        Assert.Contains(bad.Problems, p => p.Contains("use one of: fast, slow", StringComparison.Ordinal));
        Assert.Contains(bad.Problems, p => p.Contains("'tags' must be an array of strings", StringComparison.Ordinal));
    }

    private static Dictionary<string, JsonElement> Args(string json) => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
}
