namespace Mandate.Core.Tests.Audit;

using Mandate.Core.Audit;

/// <summary>The export format: what is written parses back to the very entry, so an export verifies on its own.</summary>
public sealed class AuditJsonLinesTests
{
    [Fact]
    public async Task Exported_lines_parse_back_to_entries_whose_chain_verifies()
    {
        var entries = Chain(3);

        var lines = entries.Select(AuditJsonLines.Format).ToList();
        using var reader = new StringReader(string.Join('\n', lines) + "\n\n");
        var parsed = new List<AuditEntry>();
        await foreach (var entry in AuditJsonLines.ReadAsync(reader))
        {
            parsed.Add(entry);
        }

        Assert.Equal(entries, parsed);
        Assert.True((await AuditChainVerifier.VerifyAsync(parsed.ToAsyncEnumerable())).IsIntact);
    }

    [Fact]
    public async Task A_payload_changed_on_its_line_breaks_the_chain_at_that_entry()
    {
        var lines = Chain(3).Select(AuditJsonLines.Format).ToList();
        // Same JSON value, other bytes: the payload is the exact text on the line, so even this shows.
        lines[1] = lines[1].Replace("\"n\":2", "\"n\":2.0", StringComparison.Ordinal);

        var verification = await AuditChainVerifier.VerifyAsync(lines.Select((l, i) => AuditJsonLines.Parse(l, i + 1)).ToAsyncEnumerable());

        Assert.False(verification.IsIntact);
        Assert.Contains("entry 2", verification.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "is not a JSON object")]
    [InlineData("{\"sequence\":1", "is not valid JSON")]
    [InlineData("{\"sequence\":1,\"time\":\"yesterday\"}", "has time 'yesterday'")]
    public void A_line_that_is_no_entry_is_refused_naming_the_line_and_what_is_wrong(string line, string expected)
    {
        var error = Assert.Throws<FormatException>(() => AuditJsonLines.Parse(line, 7));

        Assert.StartsWith("line 7 of the audit export ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static List<AuditEntry> Chain(int count)
    {
        var entries = new List<AuditEntry>();
        AuditEntry? previous = null;
        for (var n = 1; n <= count; n++)
        {
            var payload = new AuditPayloadBuilder().Add("n", n).Add("note", "naïve \"quoted\" </script>").Build();
            var auditEvent = new AuditEvent(new DateTimeOffset(2026, 11, 22, 5, 0, n, TimeSpan.Zero).AddTicks(12340), "alice", "Alice", "project.create",
                "project", $"prj_{n}", $"prj_{n}", n == 2 ? "bucket" : null, AuditOutcomes.Succeeded, payload);
            previous = AuditChain.Seal(previous, auditEvent);
            entries.Add(previous);
        }

        return entries;
    }
}
