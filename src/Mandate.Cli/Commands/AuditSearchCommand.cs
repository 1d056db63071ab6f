namespace Mandate.Cli.Commands;

using System.CommandLine;
using Mandate.Cli.Remote;

/// <summary>`mandate audit search`: the audit trail of a running server, filtered, newest first.</summary>
internal static class AuditSearchCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var (remote, paging) = (new RemoteOptions(), new PagingOptions());
        var project = new Option<string?>("--project", "-p") { Description = "Only entries about this project (id or name)." };
        var resource = new Option<string?>("--resource") { Description = "Only entries about this resource id." };
        var actor = new Option<string?>("--actor") { Description = "Only entries by this principal (a key id)." };
        var action = new Option<string?>("--action") { Description = "Only this action, e.g. resource.create or access.denied." };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Only entries at or after this time (RFC 3339, e.g. 2026-11-22T05:00:00Z)." };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Only entries before this time." };
        var command = new Command("search", "Search the audit trail of a Mandate server (--server, --key), newest first.") { project, resource, actor, action, from, to };
        paging.AddTo(command);
        remote.AddTo(command);
        command.SetAction((parsed, cancellation) => remote.RunAsync(parsed, stdout, stderr, async (client, ct) =>
        {
            var projectId = parsed.GetValue(project) is { } p ? await ProjectIds.ResolveAsync(client, p, ct) : null;
            var query = paging.Query(parsed).Add("project", projectId).Add("resource", parsed.GetValue(resource))
                .Add("actor", parsed.GetValue(actor)).Add("action", parsed.GetValue(action))
                .Add("from", parsed.GetValue(from)?.ToString("O", System.Globalization.CultureInfo.InvariantCulture))
                .Add("to", parsed.GetValue(to)?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            var page = await client.GetAsync("audit", query, ct);
            return new RemoteAnswer(page, json => HumanOutput.Table(json, "sequence", "time", "actor_id", "action", "target_id", "outcome"));
        }, cancellation));
        return command;
    }
}
