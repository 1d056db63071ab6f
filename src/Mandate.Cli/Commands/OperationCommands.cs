namespace Mandate.Cli.Commands;

using System.CommandLine;
using System.Text.Json.Nodes;
using Mandate.Cli.Remote;

/// <summary>
/// `mandate operation show | list | resume`, `mandate approve` and `mandate reject` against a running server. An
/// approval names the plan hash the approver reviewed, so a plan that changed since is never applied.
/// </summary>
internal static class OperationCommands
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var operation = new Command("operation", "Show and list operations on a Mandate server (--server, --key).");
        operation.Subcommands.Add(Show(stdout, stderr));
        operation.Subcommands.Add(List(stdout, stderr));
        operation.Subcommands.Add(Resume(stdout, stderr));
        return operation;
    }

    public static Command Approve(TextWriter stdout, TextWriter stderr)
    {
        var remote = new RemoteOptions();
        var operation = new Argument<string>("operation") { Description = "The pending operation's id (op_...)." };
        var planHash = new Option<string>("--plan-hash") { Description = "The plan hash you reviewed (`mandate operation show` prints it).", Required = true };
        var command = new Command("approve", "Approve a pending operation requested by someone else; it is planned and judged again, then applied.") { operation, planHash };
        remote.AddTo(command);
        command.SetAction((parsed, cancellation) => remote.RunAsync(parsed, stdout, stderr, async (client, ct) =>
        {
            var answer = await client.PostAsync(OperationPath(parsed.GetValue(operation)!) + "/approve",
                new JsonObject { ["plan_hash"] = parsed.GetValue(planHash) }, ct);
            return new RemoteAnswer(answer, json => HumanOutput.Operation(json["operation"]));
        }, cancellation));
        return command;
    }

    public static Command Reject(TextWriter stdout, TextWriter stderr)
    {
        var remote = new RemoteOptions();
        var operation = new Argument<string>("operation") { Description = "The pending operation's id (op_...)." };
        var reason = new Option<string>("--reason") { Description = "Why, for the requester and the audit trail.", Required = true };
        var command = new Command("reject", "Reject a pending operation; nothing is applied.") { operation, reason };
        remote.AddTo(command);
        command.SetAction((parsed, cancellation) => remote.RunAsync(parsed, stdout, stderr, async (client, ct) =>
        {
            var answer = await client.PostAsync(OperationPath(parsed.GetValue(operation)!) + "/reject",
                new JsonObject { ["reason"] = parsed.GetValue(reason) }, ct);
            return new RemoteAnswer(answer, json => HumanOutput.Operation(json["operation"]));
        }, cancellation));
        return command;
    }

    private static Command Show(TextWriter stdout, TextWriter stderr)
    {
        var remote = new RemoteOptions();
        var operation = new Argument<string>("operation") { Description = "The operation's id (op_...)." };
        var command = new Command("show", "Show an operation: status, plan hash, policy decision, who requested and decided it.") { operation };
        remote.AddTo(command);
        command.SetAction((parsed, cancellation) => remote.RunAsync(parsed, stdout, stderr, async (client, ct) =>
        {
            var shown = await client.GetAsync(OperationPath(parsed.GetValue(operation)!), null, ct);
            return new RemoteAnswer(shown, json => HumanOutput.Fields(json, "id", "project_id", "resource_id", "kind", "status", "requested_by",
                "decided_by", "plan_hash", "decision", "error", "created_at", "completed_at", "expires_at"));
        }, cancellation));
        return command;
    }

    private static Command Resume(TextWriter stdout, TextWriter stderr)
    {
        var remote = new RemoteOptions();
        var operation = new Argument<string>("operation") { Description = "The operation's id (op_...)." };
        var wait = new Option<int?>("--wait") { Description = "Seconds to wait for the end (0-120, default 20)." };
        var command = new Command("resume",
            "Bring an unfinished operation to its end: apply it if it was left queued, reconcile it if its applier died, else wait for it.") { operation, wait };
        remote.AddTo(command);
        command.SetAction((parsed, cancellation) => remote.RunAsync(parsed, stdout, stderr, async (client, ct) =>
        {
            var query = new Query().Add("wait", parsed.GetValue(wait));
            var answer = await client.PostAsync(OperationPath(parsed.GetValue(operation)!) + "/resume" + query, null, ct);
            return new RemoteAnswer(answer, json => HumanOutput.Operation(json["operation"]));
        }, cancellation));
        return command;
    }

    private static Command List(TextWriter stdout, TextWriter stderr)
    {
        var (remote, paging) = (new RemoteOptions(), new PagingOptions());
        var project = new Option<string?>("--project", "-p") { Description = "Only this project's operations (id or name)." };
        var resource = new Option<string?>("--resource") { Description = "Only this resource's (needs --project)." };
        var pending = new Option<bool>("--pending") { Description = "Only operations waiting for an approver." };
        var status = new Option<string?>("--status") { Description = "Only operations in this status (e.g. succeeded, denied, pending_review)." };
        var command = new Command("list", "List operations, newest first.") { project, resource, pending, status };
        paging.AddTo(command);
        remote.AddTo(command);
        command.SetAction((parsed, cancellation) => remote.RunAsync(parsed, stdout, stderr, async (client, ct) =>
        {
            var projectId = parsed.GetValue(project) is { } p ? await ProjectIds.ResolveAsync(client, p, ct) : null;
            var query = paging.Query(parsed).Add("project", projectId).Add("resource", parsed.GetValue(resource))
                .Add("pending", parsed.GetValue(pending)).Add("status", parsed.GetValue(status));
            var page = await client.GetAsync("operations", query, ct);
            return new RemoteAnswer(page, json => HumanOutput.Table(json, "id", "kind", "resource_id", "status", "requested_by", "plan_hash", "created_at"));
        }, cancellation));
        return command;
    }

    private static string OperationPath(string operation) => "operations/" + MandateApiClient.Segment(operation);
}
