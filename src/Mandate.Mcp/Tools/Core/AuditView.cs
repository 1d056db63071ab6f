namespace Mandate.Mcp.Tools.Core;

using System.Text.Json.Nodes;
using Mandate.Core.Audit;

/// <summary>An audit entry for a model: what, who, when, outcome and the payload, without the chain hashes.</summary>
internal static class AuditView
{
    public static JsonObject Entry(AuditEntry e)
    {
        var entry = new JsonObject
        {
            ["seq"] = e.Sequence,
            ["time"] = Views.Time(e.Time),
            ["actor"] = e.ActorDisplay == e.ActorId ? e.ActorId : $"{e.ActorDisplay} ({e.ActorId})",
            ["action"] = e.Action,
            ["target"] = $"{e.TargetKind}:{e.TargetId}",
            ["outcome"] = e.Outcome,
        };
        if (e.ResourceId is not null)
        {
            entry["resource"] = e.ResourceId;
        }

        if (e.Payload.Length > 2 && JsonNode.Parse(e.Payload) is JsonObject payload && payload.Count > 0)
        {
            entry["details"] = payload;
        }

        return entry;
    }
}
