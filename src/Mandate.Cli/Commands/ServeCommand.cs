namespace Mandate.Cli.Commands;

using System.CommandLine;
using Mandate.Server;
using Microsoft.Extensions.Hosting;

/// <summary>`mandate serve`: runs the web host (MCP, REST, console) until Ctrl-C or SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter stderr)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on, separated by ';' (e.g. http://127.0.0.1:5080).",
            DefaultValueFactory = _ => ServerOptions.DefaultUrls,
        };
        var dataDir = new Option<string>("--data-dir")
        {
            Description = $"Directory for Mandate's data (default: ${DataDirectory.EnvironmentVariable}, else the per-user data folder).",
            DefaultValueFactory = _ => DataDirectory.ResolveDefault(),
        };
        urls.Validators.Add(result =>
        {
            var problem = ListenAddresses.Validate(result.GetValueOrDefault<string>() ?? string.Empty);
            if (problem is not null)
            {
                result.AddError(problem);
            }
        });

        var command = new Command("serve", "Run the Mandate server (embedded SQLite store, in-process worker).")
        {
            urls,
            dataDir,
        };
        var mcp = new McpServeOptions();
        mcp.AddTo(command, urls);
        command.SetAction((parsed, cancellation) =>
            RunAsync(parsed.GetValue(urls)!, parsed.GetValue(dataDir)!, mcp.Read(parsed), stderr, cancellation));
        return command;
    }

    private static async Task<int> RunAsync(string urls, string dataDir, McpSurfaceOptions mcp, TextWriter stderr, CancellationToken cancellation)
    {
        string preparedDataDir;
        try
        {
            preparedDataDir = DataDirectory.Prepare(dataDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"mandate: cannot use data directory '{dataDir}': {e.Message}");
            return ExitCodes.Failure;
        }

        // The core is created before the host and disposed after it (declared first), so endpoints never
        // outlive the store and provider processes stop on shutdown.
        await using var core = await ServeBootstrap.CreateCoreAsync(preparedDataDir, stderr, cancellation);
        if (core is null)
        {
            return ExitCodes.Failure;
        }

        await using var app = MandateWebHost.Build(new ServerOptions(urls, preparedDataDir) { Core = core, Mcp = mcp });
        try
        {
            await app.StartAsync(cancellation);
        }
        catch (IOException e) when (ListenAddresses.DescribeBindFailure(e, urls) is { } oneLine)
        {
            await stderr.WriteLineAsync($"mandate: {oneLine}");
            return ExitCodes.Failure;
        }

        if (!await ServeBootstrap.EnsureAdminKeyAsync(preparedDataDir, stderr, cancellation))
        {
            await app.StopAsync(CancellationToken.None);
            return ExitCodes.Failure;
        }

        await app.WaitForShutdownAsync(cancellation);
        return ExitCodes.Success;
    }
}
