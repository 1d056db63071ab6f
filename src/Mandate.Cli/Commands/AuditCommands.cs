namespace Mandate.Cli.Commands;

using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
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
        var command = new Command("verify",
            "Walk the audit hash chain from the first entry; exits 1 naming the first broken entry and why. " +
            "(A chain cannot show entries cut off its end: compare the count with an earlier run.)");
        store.AddTo(command);
        command.SetAction((parsed, cancellation) => store.RunAsync(parsed, stderr, mustExist: true, async opened =>
        {
            var verification = await AuditChainVerifier.VerifyAsync(opened.Audit.ReadAllAsync(cancellation), cancellationToken: cancellation);
            if (!verification.IsIntact)
            {
                await stderr.WriteLineAsync($"mandate: {verification.Message}");
                return ExitCodes.Failure;
            }

            var count = verification.EntriesChecked;
            await stdout.WriteLineAsync($"{count} {(count == 1 ? "entry" : "entries")} verified; the audit chain is intact (last entry {verification.LastVerified.Sequence}, hash {verification.LastVerified.Hash})");
            return ExitCodes.Success;
        }, cancellation));
        return command;
    }

    private static Command Export(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var output = new Option<string?>("--output", "-o") { Description = "File to write (replaced if it exists); default: standard output." };
        var command = new Command("export",
            "Write every audit entry as JSON Lines (one object per line, in sequence order). Payloads are copied byte for " +
            "byte, so the export can be verified on its own; secrets never enter the trail, so none are exported.")
        {
            output,
        };
        store.AddTo(command);
        command.SetAction((parsed, cancellation) => store.RunAsync(parsed, stderr, mustExist: true, async opened =>
        {
            var path = parsed.GetValue(output);
            long count = 0;
            if (path is null)
            {
                await foreach (var entry in opened.Audit.ReadAllAsync(cancellation))
                {
                    await stdout.WriteLineAsync(ToJsonLine(entry));
                    count++;
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
                    await foreach (var entry in opened.Audit.ReadAllAsync(cancellation))
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
        }, cancellation));
        return command;
    }

    /// <summary>One entry as a JSON object on one line; field names are the store's column names.</summary>
    internal static string ToJsonLine(AuditEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("sequence", entry.Sequence);
            json.WriteString("time", entry.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("actor_id", entry.ActorId);
            json.WriteString("actor_display", entry.ActorDisplay);
            json.WriteString("action", entry.Action);
            json.WriteString("target_kind", entry.TargetKind);
            json.WriteString("target_id", entry.TargetId);
            json.WriteString("project_id", entry.ProjectId);
            json.WriteString("resource_id", entry.ResourceId);
            json.WriteString("outcome", entry.Outcome);
            json.WritePropertyName("payload");
            json.WriteRawValue(entry.Payload); // canonical JSON, kept exactly: the hash covers these bytes
            json.WriteString("previous_hash", entry.PreviousHash);
            json.WriteString("hash", entry.Hash);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
