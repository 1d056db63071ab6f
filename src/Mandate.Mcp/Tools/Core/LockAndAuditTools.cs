namespace Mandate.Mcp.Tools.Core;

using System.Globalization;
using System.Text.Json.Nodes;
using Mandate.Core;
using Mandate.Core.Access;
using Mandate.Core.Stores;
using Mandate.Mcp.Catalog;

/// <summary>Project locks (who is changing a project) and the audit trail.</summary>
internal static class LockAndAuditTools
{
    public static IEnumerable<ToolDescriptor> All()
    {
        yield return new ToolDescriptor(
            "lock_status", "Project lock status",
            "Whether a project is locked by a session that is changing it: which session and principal, and until when (locks " +
            "lapse after a few idle minutes). Use it when a change fails with project_locked. Example: {\"project\": \"payments\"}.",
            new ToolParameters(CoreCalls.ProjectParameter),
            ToolHints.Read, MandateAction.LockRead, StatusAsync);

        yield return new ToolDescriptor(
            "lock_unlock", "Break a project lock",
            "Breaks another session's lock on a project (admins), e.g. after a crashed client. The other session may be mid-change: " +
            "confirm with the user and prefer waiting for the lock to lapse. Example: {\"project\": \"payments\"}.",
            new ToolParameters(CoreCalls.ProjectParameter),
            new ToolHints(ReadOnly: false, Destructive: true, Idempotent: true, OpenWorld: false),
            MandateAction.LockUnlock, UnlockAsync);

        yield return new ToolDescriptor(
            "audit_search", "Search the audit trail",
            "Audit entries (who did what, when, with what outcome), newest first, filtered by project, resource, actor, action or " +
            "time. Use it to answer \"who changed X\" or \"what was denied\". Without a project it needs read access to the whole " +
            "tree. Example: {\"project\": \"payments\", \"action\": \"resource.delete\", \"since\": \"2026-01-01T00:00:00Z\"}.",
            new ToolParameters(
                new ToolParameter("project", ParameterType.String, "Only entries of this project (id or name)."),
                new ToolParameter("resource_id", ParameterType.String, "Only entries about this resource (needs project)."),
                new ToolParameter("actor", ParameterType.String, "Only entries by this principal id."),
                new ToolParameter("action", ParameterType.String, "Only this action, e.g. \"resource.create\", \"access.denied\"."),
                new ToolParameter("since", ParameterType.String, "Only entries at or after this ISO-8601 time."),
                new ToolParameter("until", ParameterType.String, "Only entries before this ISO-8601 time."),
                CoreCalls.CursorParameter, CoreCalls.LimitParameter()),
            ToolHints.Read, MandateAction.AuditRead, SearchAsync);
    }

    private static async ValueTask<ToolOutcome> StatusAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var project = await call.ProjectAsync(cancellationToken);
        var status = await call.Core().Locks.StatusAsync(call.Context(), project.Id, cancellationToken);
        var result = new JsonObject { ["project"] = project.Name, ["locked"] = status.Locked };
        if (status.Holder is { } holder && status.Locked)
        {
            result["session"] = holder.SessionId;
            result["principal"] = holder.PrincipalId;
            result["since"] = Views.Time(holder.AcquiredAt);
            result["until"] = Views.Time(holder.ExpiresAt);
            result["yours"] = holder.SessionId == call.Session.Id;
        }

        return ToolOutcome.Json(result);
    }

    private static async ValueTask<ToolOutcome> UnlockAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var project = await call.ProjectAsync(cancellationToken);
        var broken = await call.Core().Locks.UnlockAsync(call.Context(), project.Id, cancellationToken);
        return ToolOutcome.Json(new JsonObject { ["project"] = project.Name, ["unlocked"] = broken, ["note"] = broken ? null : "it was not locked" });
    }

    private static async ValueTask<ToolOutcome> SearchAsync(ToolCall call, CancellationToken cancellationToken)
    {
        string? projectId = null;
        if (call.String("project") is { Length: > 0 })
        {
            projectId = (await call.ProjectAsync(cancellationToken)).Id;
        }

        var query = new AuditQuery(projectId, call.String("resource_id"), call.String("actor"), call.String("action"), Time(call, "since"), Time(call, "until"));
        var page = await call.Core().Audit.SearchAsync(call.Context(), query, call.Page(), cancellationToken);
        return ToolOutcome.Json(Views.Page("entries", page, e => (JsonNode)AuditView.Entry(e)));
    }

    private static DateTimeOffset? Time(ToolCall call, string name) =>
        call.String(name) is not { } text ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t
        : throw new MandateException(MandateErrorCodes.InvalidArgument, $"'{name}' is '{text}', not an ISO-8601 time; write e.g. 2026-01-31T12:00:00Z");
}
