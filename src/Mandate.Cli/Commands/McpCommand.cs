namespace Mandate.Cli.Commands;

using System.CommandLine;
using Mandate.Core;
using Mandate.Core.Access;
using Mandate.Core.Application;
using Mandate.Core.Audit;
using Mandate.Core.Model;
using Mandate.Core.Secrets;
using Mandate.Core.Stores;
using Mandate.Mcp.Hosting;
using Mandate.Mcp.Providers;
using Mandate.Server;

/// <summary>
/// `mandate mcp`: serves MCP over stdio for a local client (Claude Desktop, an IDE), on the same store as
/// `mandate serve`. The principal is the API key given with --key or $MANDATE_API_KEY; without one, the
/// local admin identity <c>local:&lt;user&gt;</c>, allowed only to the owner of a private (0700) data directory
/// — whoever can read that directory can read the database in it anyway.
/// </summary>
internal static class McpCommand
{
    public const string KeyVariable = "MANDATE_API_KEY";

    public static Command Create(TextWriter stderr)
    {
        var store = new StoreOptions();
        var key = new Option<string?>("--key")
        {
            Description = $"The API key to act as (default ${KeyVariable}); without one, the data directory's owner acts as local admin.",
        };
        var command = new Command("mcp", "Serve MCP over stdin/stdout (for local AI clients), on the same store as `mandate serve`.") { key };
        store.AddTo(command);
        command.SetAction((parsed, cancellation) => store.RunAsync(parsed, stderr, mustExist: false, async opened =>
        {
            // The secrets key `mandate serve` uses (MANDATE_SECRET_KEY[_FILE], else <data dir>/secret.key): without it, integration
            // secrets sealed by the server could not be opened here, and what this process seals could not be read by the server.
            var keyDirectory = store.DataDirectoryOf(parsed) ?? DataDirectory.ResolveDefault();
            var secrets = new SecretProtector(SecretKeySource.Load(keyDirectory).Key);
            await using var core = await MandateCoreFactory.CreateAsync(opened, new MandateCoreOptions { Secrets = secrets }, cancellation);
            var presented = parsed.GetValue(key) ?? Environment.GetEnvironmentVariable(KeyVariable);
            var principal = string.IsNullOrWhiteSpace(presented)
                ? await LocalAdminAsync(core.Store, store.DataDirectoryOf(parsed), cancellation)
                : await core.Authenticator.AuthenticateAsync(presented, "stdio", cancellation);
            await McpStdioHost.RunAsync(core, principal, new MirrorProviderCatalog(Mandate.Providers.Registry.ProviderSources.StandardMirrorDirectories()), cancellation);
            return ExitCodes.Success;
        }, cancellation));
        return command;
    }

    /// <summary>
    /// The OS user as an admin principal, granted admin on the root space the first time. Only for a SQLite
    /// store in a data directory this user can enter and nobody else can (mode 0700).
    /// </summary>
    private static async Task<Principal> LocalAdminAsync(IMandateStore store, string? dataDir, CancellationToken cancellationToken)
    {
        if (dataDir is null || !IsPrivateToThisUser(dataDir))
        {
            throw new MandateException(MandateErrorCodes.Unauthenticated,
                $"no API key: pass --key or set {KeyVariable} (a local admin identity is only for the owner of a private SQLite data directory)");
        }

        var id = $"local:{Environment.UserName}";
        var principal = Principal.User(id, $"{Environment.UserName} (local)");
        if (await store.Principals.GetAsync(id, cancellationToken) is null)
        {
            var now = DateTimeOffset.UtcNow;
            await using var transaction = await store.BeginAsync(cancellationToken);
            await transaction.Principals.CreateAsync(new PrincipalRecord(id, PrincipalKind.User, principal.DisplayName, now, null), cancellationToken);
            await transaction.Principals.GrantAsync(new RoleGrant(new RoleBinding(id, SpaceId.Root, Role.Admin), id, now), cancellationToken);
            await transaction.Audit.AppendAsync(new AuditEvent(now, id, principal.DisplayName, "role.grant", "principal", id, null, null,
                AuditOutcomes.Succeeded, new AuditPayloadBuilder().Add("role", "admin").Add("space", "root").Add("via", "mandate mcp (data directory owner)").Build()),
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return principal;
    }

    private static bool IsPrivateToThisUser(string dataDir)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.Exists(dataDir);
        }

        var mode = File.GetUnixFileMode(dataDir);
        var othersMayEnter = (mode & (UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute)) != 0;
        return !othersMayEnter && (mode & UnixFileMode.UserWrite) != 0 && HasWriteAccess(dataDir);
    }

    private static bool HasWriteAccess(string dataDir)
    {
        try
        {
            var probe = Path.Combine(dataDir, $".mcp-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
