namespace Mandate.Core.Audit;

using System.Globalization;
using System.Text;
using System.Text.Json;

/// <summary>
/// The audit export format: one entry per line as a JSON object whose field names are the store's column names. The
/// payload is written as the canonical JSON text it is stored as, byte for byte, and the previous hash and hash are
/// included, so <see cref="Parse"/> gives back entries <see cref="AuditChainVerifier"/> can verify with nothing else:
/// an export (local or from a server) is checked offline. Payloads were redacted when the entries were written, so an
/// export holds no secret.
/// </summary>
public static class AuditJsonLines
{
    /// <summary>The media type a server answers an export with.</summary>
    public const string MediaType = "application/jsonl";

    // Whole microseconds, as stored and hashed.
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    /// <summary><paramref name="entry"/> as one line (without the line break).</summary>
    public static string Format(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("sequence", entry.Sequence);
            json.WriteString("time", entry.Time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
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

    /// <summary>
    /// The entry on one exported line (<paramref name="lineNumber"/> names it in errors). The payload is taken as the
    /// exact text on the line, so any change to it shows as a hash mismatch when verified.
    /// </summary>
    /// <exception cref="FormatException">The line is not an exported entry; the message says which field and what was expected.</exception>
    public static AuditEntry Parse(string line, long lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Bad(lineNumber, "is not a JSON object");
            }

            var timeText = Text(root, "time", lineNumber)!;
            if (!DateTimeOffset.TryParseExact(timeText, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                throw Bad(lineNumber, $"has time '{timeText}', expected UTC with microseconds like 2026-11-22T05:00:00.000000Z");
            }

            if (!root.TryGetProperty("sequence", out var sequence) || !sequence.TryGetInt64(out var number))
            {
                throw Bad(lineNumber, "has no whole-number 'sequence'");
            }

            if (!root.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
            {
                throw Bad(lineNumber, "has no 'payload' object");
            }

            return new AuditEntry(number, time, Text(root, "actor_id", lineNumber)!, Text(root, "actor_display", lineNumber)!,
                Text(root, "action", lineNumber)!, Text(root, "target_kind", lineNumber)!, Text(root, "target_id", lineNumber)!,
                Text(root, "project_id", lineNumber, nullable: true), Text(root, "resource_id", lineNumber, nullable: true), Text(root, "outcome", lineNumber)!,
                payload.GetRawText(), Text(root, "previous_hash", lineNumber)!, Text(root, "hash", lineNumber)!);
        }
        catch (JsonException e)
        {
            throw Bad(lineNumber, $"is not valid JSON ({e.Message})");
        }
    }

    /// <summary>Every entry of an export read from <paramref name="reader"/>, in file order; blank lines are skipped.</summary>
    public static async IAsyncEnumerable<AuditEntry> ReadAsync(TextReader reader,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return Parse(line, lineNumber);
            }
        }
    }

    private static string? Text(JsonElement root, string name, long lineNumber, bool nullable = false)
    {
        if (root.TryGetProperty(name, out var value))
        {
            if (value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }

            if (nullable && value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
        }

        throw Bad(lineNumber, $"has no string '{name}'{(nullable ? " (or null)" : string.Empty)}");
    }

    private static FormatException Bad(long lineNumber, string what) =>
        new($"line {lineNumber.ToString(CultureInfo.InvariantCulture)} of the audit export {what}");
}
