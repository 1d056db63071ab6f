namespace Mandate.Server.Tests;

using Mandate.Core.Access;
using Mandate.Core.Audit;

/// <summary>GET /api/v1/audit/export: the whole trail as JSON Lines that verify on their own; admins only.</summary>
public sealed class AuditExportEndpointTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_export_streams_every_entry_in_order_and_verifies_offline_and_a_reader_is_refused()
    {
        using var admin = _server.Client(_server.AdminKey);
        await admin.PostJsonAsync("projects", """{"name": "exported"}""");
        using var reader = _server.Client(await _server.IssueKeyAsync(Role.Reader));

        using var response = await admin.GetAsync("audit/export");
        var (refused, problem, _) = await reader.GetJsonAsync("audit/export");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(AuditJsonLines.MediaType, response.Content.Headers.ContentType?.MediaType);
        using var lines = new StringReader(await response.Content.ReadAsStringAsync());
        var entries = new List<AuditEntry>();
        await foreach (var entry in AuditJsonLines.ReadAsync(lines))
        {
            entries.Add(entry);
        }

        Assert.Contains(entries, e => e.Action == "project.create");
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(n => (long)n), entries.Select(e => e.Sequence));
        Assert.True((await AuditChainVerifier.VerifyAsync(entries.ToAsyncEnumerable())).IsIntact);
        Assert.Equal(403, refused);
        Assert.Equal("forbidden", problem.Str("code"));
    }
}
