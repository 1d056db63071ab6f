namespace Mandate.Cli;

using System.CommandLine;
using System.CommandLine.Parsing;
using Mandate.Cli.Commands;

/// <summary>Builds the `mandate` command tree and runs it with Mandate's error conventions.</summary>
internal static class MandateCommandLine
{
    public static RootCommand BuildRoot(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand(
            "Mandate: provision and manage cloud infrastructure from natural language, through real Terraform " +
            "providers, under Rego policies, with state and an audit trail.");
        root.Subcommands.Add(ServeCommand.Create(stderr));
        root.Subcommands.Add(VersionCommand.Create(stdout));
        root.Subcommands.Add(PolicyCommands.Create(stdout, stderr));
        root.Subcommands.Add(AuditCommands.Create(stdout, stderr));
        root.Subcommands.Add(AdminCommands.Create(stdout, stderr));
        root.Subcommands.Add(McpCommand.Create(stderr));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = BuildRoot(stdout, stderr);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line a person can act on, instead of the parser's error list followed by the whole help text.
            var helpHint = $"{CommandPath(parsed.CommandResult)} --help";
            await stderr.WriteLineAsync($"mandate: {MostSpecificError(parsed)} (see '{helpHint}')");
            return ExitCodes.Usage;
        }

        // Signals are handled by the commands themselves (the web host listens for SIGINT/SIGTERM and
        // shuts down gracefully); the parser's own handler would race it with a forced exit.
        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            ProcessTerminationTimeout = null,
        };
        return await parsed.InvokeAsync(invocation);
    }

    // The full path ("mandate admin create-key"), so the hint works for nested commands too.
    private static string CommandPath(CommandResult result) =>
        result.Parent is CommandResult parent ? $"{CommandPath(parent)} {result.Command.Name}" : "mandate";

    // A mistyped command yields both "Required command was not provided" and "Unrecognized command or
    // argument 'x'"; the one naming what the user typed is the one that helps.
    private static string MostSpecificError(ParseResult parsed)
    {
        foreach (var token in parsed.UnmatchedTokens)
        {
            var naming = parsed.Errors.FirstOrDefault(e => e.Message.Contains($"'{token}'", StringComparison.Ordinal));
            if (naming is not null)
            {
                return naming.Message;
            }
        }

        return parsed.Errors[0].Message;
    }
}
