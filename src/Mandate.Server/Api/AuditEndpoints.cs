namespace Mandate.Server.Api;

using System.Text.Json.Nodes;
using Mandate.Core.Application;
using Mandate.Core.Audit;
using Mandate.Core.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

/// <summary>/api/v1/audit: search the hash-chained audit trail.</summary>
internal static class AuditEndpoints
{
    public static void MapAudit(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", async (HttpContext http, [FromServices] MandateCore core, string? project, string? resource, string? actor, string? action,
                DateTimeOffset? from, DateTimeOffset? to, string? cursor, int? limit) =>
            {
                var query = new AuditQuery(OperationEndpoints.Blank(project), OperationEndpoints.Blank(resource), OperationEndpoints.Blank(actor),
                    OperationEndpoints.Blank(action), from, to);
                var page = await core.Audit.SearchAsync(http.Context(), query, ApiPaging.Request(cursor, limit), http.RequestAborted);
                return new Page<AuditEntryView>(page.Items.Select(AuditEntryView.Of).ToList(), page.NextCursor);
            })
            .WithTags("Audit").WithName("SearchAudit")
            .WithSummary("Audit entries newest first, filtered by ?project=, ?resource=, ?actor=, ?action=, ?from= (inclusive) and ?to= (exclusive, RFC 3339).");

        // Authorized (admin on the root) before the first byte; then streamed, so a long trail never sits in memory.
        api.MapGet("/audit/export", async (HttpContext http, [FromServices] MandateCore core) =>
            {
                var entries = await core.Audit.ExportAsync(http.Context(), http.RequestAborted);
                return Results.Stream(async body =>
                {
                    await using var writer = new StreamWriter(body, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
                    await foreach (var entry in entries.WithCancellation(http.RequestAborted))
                    {
                        await writer.WriteLineAsync(AuditJsonLines.Format(entry));
                    }
                }, AuditJsonLines.MediaType);
            })
            .WithTags("Audit").WithName("ExportAudit")
            .WithSummary("The whole audit trail as JSON Lines in sequence order, each entry with its canonical payload, previous hash and hash, " +
                "so it verifies offline (`mandate audit verify --file`). Needs audit.export on the root (admin).");
    }
}

/// <summary>An audit entry with its payload as JSON.</summary>
internal sealed record AuditEntryView(long Sequence, DateTimeOffset Time, string ActorId, string ActorDisplay, string Action, string TargetKind,
    string TargetId, string? ProjectId, string? ResourceId, string Outcome, JsonNode? Payload, string Hash)
{
    public static AuditEntryView Of(AuditEntry e) => new(e.Sequence, e.Time, e.ActorId, e.ActorDisplay, e.Action, e.TargetKind, e.TargetId,
        e.ProjectId, e.ResourceId, e.Outcome, JsonNode.Parse(e.Payload), e.Hash);
}
