namespace Mandate.Cli.Commands;

using System.CommandLine;
using Mandate.Core.Access;

/// <summary>`mandate admin create-key`: issue an API key directly on the store (bootstrap and recovery).</summary>
internal static class AdminCommands
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var admin = new Command("admin", "Administer the store directly (keys), without a running server.");
        admin.Subcommands.Add(CreateKey(stdout, stderr));
        return admin;
    }

    private static Command CreateKey(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var scope = new Option<string>("--scope") { Description = "read: can never change anything; write: whatever the role allows.", DefaultValueFactory = _ => "write" };
        scope.Validators.Add(result => OneOf(result, "--scope", ["read", "write"]));
        var space = new Option<string>("--space") { Description = "The space the role is granted on (and every space below it).", DefaultValueFactory = _ => SpaceId.RootName };
        var role = new Option<string>("--role") { Description = $"The role to grant: {string.Join(", ", RoleNames.All)}.", DefaultValueFactory = _ => "admin" };
        role.Validators.Add(result => OneOf(result, "--role", RoleNames.All));
        var name = new Option<string?>("--name") { Description = "A name for people, shown in lists and the audit trail (default: who created it, and when)." };
        var expiresInDays = new Option<int?>("--expires-in-days") { Description = "Days until the key stops working (default: it does not expire)." };
        expiresInDays.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is <= 0)
            {
                result.AddError("--expires-in-days must be a positive number of days; leave it out for a key that does not expire");
            }
        });
        var command = new Command("create-key",
            "Create an API key with a role on a space and print it once (to stdout); only its hash is stored. The creation is audited.")
        {
            scope,
            space,
            role,
            name,
            expiresInDays,
        };
        store.AddTo(command);
        command.SetAction((parsed, cancellation) => store.RunAsync(parsed, stderr, mustExist: false, async opened =>
        {
            var request = new KeyRequest(
                AccessWireNames.ParseKeyScope(parsed.GetValue(scope)!),
                new SpaceId(parsed.GetValue(space)!),
                RoleNames.Parse(parsed.GetValue(role)!),
                parsed.GetValue(name),
                parsed.GetValue(expiresInDays) is { } days ? TimeSpan.FromDays(days) : null);
            var issued = await KeyIssuer.IssueAsync(opened, request, KeyIssuer.LocalActor(), TimeProvider.System, cancellation);

            // The key on stdout alone, so scripts can capture it; everything else on stderr.
            await stdout.WriteLineAsync(issued.PlainText);
            await stderr.WriteLineAsync(
                $"created API key {issued.Stored.KeyId} ({request.Role.ToWireName()} on space '{request.Space}', scope {request.Scope.ToWireName()}" +
                (issued.Stored.ExpiresAt is { } expires ? $", expires {expires.UtcDateTime:yyyy-MM-dd HH:mm} UTC); " : "); ") +
                "this is the only time the key is shown: store it now");
            return ExitCodes.Success;
        }, cancellation));
        return command;
    }

    // Instead of AcceptOnlyFromAmong, whose message spans several lines: errors here are one line.
    private static void OneOf(System.CommandLine.Parsing.OptionResult result, string option, IReadOnlyList<string> accepted)
    {
        var value = result.GetValueOrDefault<string>();
        if (!accepted.Contains(value))
        {
            result.AddError($"{option} '{value}' is not accepted; use one of {string.Join(", ", accepted)}");
        }
    }
}
