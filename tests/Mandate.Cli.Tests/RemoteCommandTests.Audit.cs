namespace Mandate.Cli.Tests;

using System.Text.Json.Nodes;

public sealed partial class RemoteCommandTests
{
    [Fact]
    public async Task A_remote_audit_export_verifies_offline_and_a_tampered_line_is_named()
    {
        await Remote("project", "create", "ledger", "--description", "exported");
        var export = Path.Combine(_dataDir, "remote-audit.jsonl");

        var (exportExit, _, exportErr) = await Remote("audit", "export", "--output", export);
        var (verifyExit, verifyOut, verifyErr) = await MandateProgram.RunAsync("audit", "verify", "--file", export);

        Assert.True(exportExit == 0, exportErr);
        Assert.True(verifyExit == 0, verifyErr);
        var lines = await File.ReadAllLinesAsync(export);
        Assert.StartsWith($"{lines.Length} {(lines.Length == 1 ? "entry" : "entries")} verified", verifyOut, StringComparison.Ordinal);
        Assert.Contains(lines, l => JsonNode.Parse(l)!["action"]!.GetValue<string>() == "project.create");
        Assert.DoesNotContain(_adminKey, string.Join('\n', lines), StringComparison.Ordinal);

        // Rewrite who did it in the last entry, keeping the line well-formed: the chain must name that entry.
        var last = JsonNode.Parse(lines[^1])!.AsObject();
        last["actor_display"] = "someone else";
        lines[^1] = last.ToJsonString();
        await File.WriteAllLinesAsync(export, lines);
        var (badExit, badOut, badErr) = await MandateProgram.RunAsync("audit", "verify", "--file", export);

        Assert.Equal(1, badExit);
        Assert.Empty(badOut);
        Assert.Contains($"broken at entry {last["sequence"]}", badErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_export_and_verify_refuse_two_sources_at_once()
    {
        var (exportExit, _, exportErr) = await Remote("audit", "export", "--data-dir", _dataDir);
        var (verifyExit, _, verifyErr) = await MandateProgram.RunAsync("audit", "verify", "--file", "x.jsonl", "--data-dir", _dataDir);

        Assert.Equal(2, exportExit);
        Assert.Contains("give one of them", exportErr, StringComparison.Ordinal);
        Assert.Equal(2, verifyExit);
        Assert.Contains("give one of them", verifyErr, StringComparison.Ordinal);
    }
}
