namespace Mandate.Cli.Commands;

using System.CommandLine;
using System.Runtime.CompilerServices;
using System.Text;
using Mandate.Cli.Remote;
using Mandate.Core.Audit;

/// <summary>`mandate audit verify | export`: check the hash chain of the audit trail and export it.</summary>
internal static class AuditCommands
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var audit = new Command("audit", "Verify, export and search the tamper-evident audit trail.");
        audit.Subcommands.Add(Verify(stdout, stderr));
        audit.Subcommands.Add(Export(stdout, stderr));
        audit.Subcommands.Add(AuditSearchCommand.Create(stdout, stderr));
        return audit;
    }

    private static Command Verify(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var file = new Option<string?>("--file", "-f")
        {
            Description = "Verify this export (JSON Lines from `mandate audit export`, local or --server) instead of a store; needs nothing else.",
        };
        var command = new Command("verify",
            "Walk the audit hash chain from the first entry; exits 1 naming the first broken entry and why. " +
            "(A chain cannot show entries cut off its end: compare the count with an earlier run.)")
        {
            file,
        };
        store.AddTo(command);
        command.SetAction(async (parsed, cancellation) =>
        {
            if (parsed.GetValue(file) is not { } path)
            {
                return await store.RunAsync(parsed, stderr, mustExist: true,
                    opened => ReportAsync(AuditChainVerifier.VerifyAsync(opened.Audit.ReadAllAsync(cancellation), cancellationToken: cancellation), stdout, stderr),
                    cancellation);
            }

            if (store.Given(parsed))
            {
                await stderr.WriteLineAsync("mandate: --file verifies an export and --data-dir/--postgres a store; give one of them");
                return ExitCodes.Usage;
            }

            try
            {
                using var reader = new StreamReader(Path.GetFullPath(path), Encoding.UTF8);
                return await ReportAsync(AuditChainVerifier.VerifyAsync(AuditJsonLines.ReadAsync(reader, cancellation), cancellationToken: cancellation),
                    stdout, stderr);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                await stderr.WriteLineAsync($"mandate: {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static async Task<int> ReportAsync(ValueTask<AuditVerification> verifying, TextWriter stdout, TextWriter stderr)
    {
        var verification = await verifying;
        if (!verification.IsIntact)
        {
            await stderr.WriteLineAsync($"mandate: {verification.Message}");
            return ExitCodes.Failure;
        }

        var count = verification.EntriesChecked;
        await stdout.WriteLineAsync(
            $"{count} {(count == 1 ? "entry" : "entries")} verified; the audit chain is intact (last entry {verification.LastVerified.Sequence}, hash {verification.LastVerified.Hash})");
        return ExitCodes.Success;
    }

    private static Command Export(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var remote = new RemoteOptions();
        var output = new Option<string?>("--output", "-o") { Description = "File to write (replaced if it exists); default: standard output." };
        var command = new Command("export",
            "Write every audit entry as JSON Lines (one object per line, in sequence order), from a store or, with --server and --key " +
            "(an admin key), from a running server. Payloads are copied byte for byte with each entry's previous hash, so the export " +
            "can be verified on its own (`mandate audit verify --file`); secrets never enter the trail, so none are exported.")
        {
            output,
        };
        store.AddTo(command);
        remote.AddConnectionTo(command);
        command.SetAction(async (parsed, cancellation) =>
        {
            var path = parsed.GetValue(output);
            if (!remote.ServerGiven(parsed))
            {
                return await store.RunAsync(parsed, stderr, mustExist: true,
                    opened => WriteAsync(opened.Audit.ReadAllAsync(cancellation), path, stdout, stderr, cancellation), cancellation);
            }

            if (store.Given(parsed))
            {
                await stderr.WriteLineAsync("mandate: --server exports from a server and --data-dir/--postgres from a store; give one of them");
                return ExitCodes.Usage;
            }

            return await remote.RunClientAsync(parsed, stderr, (client, ct) => WriteAsync(FromServerAsync(client, ct), path, stdout, stderr, ct), cancellation);
        });
        return command;
    }

    // Each line is parsed (and written back in the one format), so what lands in the file is known to be entries.
    private static async IAsyncEnumerable<AuditEntry> FromServerAsync(MandateApiClient client, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long lineNumber = 0;
        await foreach (var line in client.GetLinesAsync("audit/export", cancellationToken))
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return AuditJsonLines.Parse(line, lineNumber);
            }
        }
    }

    private static async Task<int> WriteAsync(IAsyncEnumerable<AuditEntry> entries, string? path, TextWriter stdout, TextWriter stderr,
        CancellationToken cancellationToken)
    {
        long count = 0;
        if (path is null)
        {
            await foreach (var entry in entries.WithCancellation(cancellationToken))
            {
                await stdout.WriteLineAsync(ToJsonLine(entry));
            }

            return ExitCodes.Success;
        }

        // Written to a temporary file first, so a failed export never leaves a truncated file under the real name.
        var full = Path.GetFullPath(path);
        var temporary = full + ".partial";
        try
        {
            await using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                await foreach (var entry in entries.WithCancellation(cancellationToken))
                {
                    await writer.WriteLineAsync(ToJsonLine(entry));
                    count++;
                }
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary); // no-op after the move
        }

        await stderr.WriteLineAsync($"exported {count} audit {(count == 1 ? "entry" : "entries")} to {full}");
        return ExitCodes.Success;
    }

    /// <summary>One entry as a JSON object on one line (<see cref="AuditJsonLines"/>).</summary>
    internal static string ToJsonLine(AuditEntry entry) => AuditJsonLines.Format(entry);
}
