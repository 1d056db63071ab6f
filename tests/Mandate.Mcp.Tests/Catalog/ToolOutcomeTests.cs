namespace Mandate.Mcp.Tests.Catalog;

using System.Text.Json.Nodes;
using Mandate.Mcp.Catalog;
using ModelContextProtocol.Protocol;

public sealed class ToolOutcomeTests
{
    [Fact]
    public void An_oversized_result_becomes_an_error_that_says_how_to_ask_for_less()
    {
        var big = new JsonObject { ["items"] = new JsonArray([.. Enumerable.Range(0, 20_000).Select(i => JsonValue.Create($"item-{i:D6}"))]) };
        var result = ToolOutcome.Json(big).ToResult();
        Assert.True(result.IsError);
        var text = ((TextContentBlock)result.Content[0]).Text;
        Assert.True(text.Length < 1000);
        Assert.Contains("result_too_large", text, StringComparison.Ordinal);
        Assert.Contains("cursor", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_carry_code_message_next_step_and_details()
    {
        var result = ToolOutcome.Error("project_locked", "locked by session s1 until 12:00", "wait", new JsonObject { ["holder"] = "s1" }).ToResult();
        Assert.True(result.IsError);
        var error = JsonNode.Parse(((TextContentBlock)result.Content[0]).Text)!["error"]!;
        Assert.Equal("project_locked", error["code"]!.GetValue<string>());
        Assert.Equal("wait", error["next"]!.GetValue<string>());
        Assert.Equal("s1", error["details"]!["holder"]!.GetValue<string>());
    }
}
