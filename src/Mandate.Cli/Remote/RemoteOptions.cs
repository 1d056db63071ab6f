namespace Mandate.Cli.Remote;

using System.CommandLine;
using System.Text.Json.Nodes;

/// <summary>
/// <c>--server</c>, <c>--key</c>, <c>--session</c> and <c>--json</c>: how a command reaches a running
/// Mandate server over its REST API, and how it prints. The server and key default to
/// <c>$MANDATE_SERVER</c> and <c>$MANDATE_API_KEY</c> (a key on the command line shows in the shell's
/// history and the process list; the variable does not).
/// </summary>
internal sealed class RemoteOptions
{
    public const string ServerVariable = "MANDATE_SERVER";
    public const string KeyVariable = "MANDATE_API_KEY";

    private readonly Option<string?> _server = new("--server")
    {
        Description = $"The Mandate server's base URL, e.g. http://127.0.0.1:5080 (default: ${ServerVariable}).",
    };

    private readonly Option<string?> _key = new("--key")
    {
        Description = $"The API key to authenticate with (default: ${KeyVariable}, which keeps it out of shell history).",
    };

    private readonly Option<string?> _session = new("--session")
    {
        Description = "A session name for project locking (default: one session per key).",
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print the server's JSON answer instead of the human summary.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_server);
        command.Options.Add(_key);
        command.Options.Add(_session);
        command.Options.Add(_json);
    }

    /// <summary>
    /// Runs <paramref name="body"/> with a client for the chosen server, printing the result; bad settings
    /// exit 2, a refusal or an unreachable server is one line on stderr and exit 1.
    /// </summary>
    public Task<int> RunAsync(ParseResult parsed, TextWriter stdout, TextWriter stderr,
        Func<MandateApiClient, CancellationToken, Task<RemoteAnswer>> body, CancellationToken cancellationToken) =>
        RunClientAsync(parsed, stderr, async (client, ct) =>
        {
            var answer = await body(client, ct);
            await stdout.WriteLineAsync(parsed.GetValue(_json) ? answer.Json.ToJsonString() : answer.Human(answer.Json));
            return answer.ExitCode;
        }, cancellationToken);

    /// <summary>Adds only <c>--server</c> and <c>--key</c>: for a command that works on a local store unless given a server.</summary>
    public void AddConnectionTo(Command command)
    {
        command.Options.Add(_server);
        command.Options.Add(_key);
    }

    /// <summary>True when <c>--server</c> was given on the command line (the environment variable alone does not count).</summary>
    public bool ServerGiven(ParseResult parsed) => parsed.GetValue(_server) is not null;

    /// <summary>
    /// <see cref="RunAsync"/> for a body that prints for itself and returns its exit code (e.g. a streamed export); the same
    /// checks of the settings and the same one-line failures.
    /// </summary>
    public async Task<int> RunClientAsync(ParseResult parsed, TextWriter stderr, Func<MandateApiClient, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken)
    {
        var serverText = parsed.GetValue(_server) ?? Environment.GetEnvironmentVariable(ServerVariable);
        var key = parsed.GetValue(_key) ?? Environment.GetEnvironmentVariable(KeyVariable);
        if (string.IsNullOrWhiteSpace(serverText))
        {
            await stderr.WriteLineAsync($"mandate: no server given; pass --server http://host:port or set {ServerVariable}");
            return ExitCodes.Usage;
        }

        if (!Uri.TryCreate(serverText, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
        {
            await stderr.WriteLineAsync($"mandate: --server '{serverText}' is not an http:// or https:// URL");
            return ExitCodes.Usage;
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            await stderr.WriteLineAsync($"mandate: no API key given; pass --key or set {KeyVariable}");
            return ExitCodes.Usage;
        }

        try
        {
            using var client = new MandateApiClient(server, key.Trim(), parsed.GetValue(_session));
            return await body(client, cancellationToken);
        }
        catch (RemoteProblem problem)
        {
            await stderr.WriteLineAsync($"mandate: {problem.OneLine()}");
            return ExitCodes.Failure;
        }
        catch (RemoteUnavailable unavailable)
        {
            await stderr.WriteLineAsync($"mandate: {unavailable.Message.ReplaceLineEndings(" ")}");
            return ExitCodes.Failure;
        }
        catch (FormatException format)
        {
            // The server answered something that is not what was asked for (e.g. a line of an export that is no entry).
            await stderr.WriteLineAsync($"mandate: {format.Message}");
            return ExitCodes.Failure;
        }
        catch (InputException input)
        {
            await stderr.WriteLineAsync($"mandate: {input.Message}");
            return ExitCodes.Usage;
        }
    }
}

/// <summary>What a remote command got back: the JSON, how to show it to a person, and the exit code.</summary>
internal sealed record RemoteAnswer(JsonNode Json, Func<JsonNode, string> Human, int ExitCode = ExitCodes.Success);

/// <summary>A command-line value that is wrong in a way the parser cannot see (e.g. --config that is not JSON).</summary>
internal sealed class InputException(string message) : Exception(message);
