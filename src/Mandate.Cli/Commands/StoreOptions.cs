namespace Mandate.Cli.Commands;

using System.CommandLine;
using System.Data.Common;
using Mandate.Core;
using Mandate.Core.Stores;
using Mandate.Server;
using Mandate.Storage;

/// <summary>
/// `--data-dir` / `--postgres`: which store a command works on. The SQLite file is the one `mandate serve`
/// uses (&lt;data dir&gt;/mandate.db, same default data dir), so the commands act on the server's data.
/// </summary>
internal sealed class StoreOptions
{
    public const string DatabaseFileName = "mandate.db";

    private readonly Option<string> _dataDir = new("--data-dir")
    {
        Description = $"Directory holding mandate.db (default: ${DataDirectory.EnvironmentVariable}, else the per-user data folder, as `mandate serve`).",
        DefaultValueFactory = _ => DataDirectory.ResolveDefault(),
    };

    private readonly Option<string?> _postgres = new("--postgres")
    {
        Description = "Use this PostgreSQL store instead (an Npgsql connection string, e.g. \"Host=db;Database=mandate;Username=mandate\").",
    };

    /// <summary>Adds both options to <paramref name="command"/>, and refuses them together.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_dataDir);
        command.Options.Add(_postgres);
        command.Validators.Add(result =>
        {
            if (result.GetResult(_postgres) is not null && result.GetResult(_dataDir) is { Implicit: false })
            {
                result.AddError("--data-dir and --postgres name two different stores; give one of them");
            }
        });
    }

    /// <summary>
    /// Opens and migrates the chosen store. With <paramref name="mustExist"/>, a missing SQLite file is an
    /// error rather than a new empty store (verifying or exporting an empty new file would mislead).
    /// </summary>
    public async Task<IMandateStore> OpenAsync(ParseResult parsed, bool mustExist, CancellationToken cancellationToken)
    {
        IMandateStore store;
        if (parsed.GetValue(_postgres) is { } connectionString)
        {
            store = MandateStores.OpenPostgres(connectionString);
        }
        else
        {
            var dataDir = parsed.GetValue(_dataDir)!;
            var databasePath = Path.Combine(Path.GetFullPath(dataDir), DatabaseFileName);
            if (mustExist && !File.Exists(databasePath))
            {
                throw new MandateException(MandateErrorCodes.NotFound,
                    $"no Mandate store at '{databasePath}'; pass the server's --data-dir, or --postgres for a PostgreSQL store");
            }

            store = MandateStores.OpenSqlite(Path.Combine(DataDirectory.Prepare(dataDir), DatabaseFileName));
        }

        try
        {
            await store.MigrateAsync(cancellationToken);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs a command body on an open store, turning the failures a person can act on (store missing or
    /// unreachable, refused input) into one line on stderr and exit code 1.
    /// </summary>
    public async Task<int> RunAsync(ParseResult parsed, TextWriter stderr, bool mustExist,
        Func<IMandateStore, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            await using var store = await OpenAsync(parsed, mustExist, cancellationToken);
            return await body(store);
        }
        catch (Exception e) when (e is MandateException or DbException or IOException or UnauthorizedAccessException
            or ArgumentException or InvalidOperationException)
        {
            await stderr.WriteLineAsync($"mandate: {OneLine(e.Message)}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>True when a store was named on the command line (<c>--data-dir</c> or <c>--postgres</c>), not just defaulted.</summary>
    public bool Given(ParseResult parsed) => parsed.GetResult(_dataDir) is { Implicit: false } || parsed.GetResult(_postgres) is not null;

    /// <summary>The SQLite data directory chosen (absolute), or null when --postgres names the store.</summary>
    public string? DataDirectoryOf(ParseResult parsed) =>
        parsed.GetValue(_postgres) is not null ? null : Path.GetFullPath(parsed.GetValue(_dataDir)!);

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
