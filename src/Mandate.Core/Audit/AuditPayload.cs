using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mandate.Core.Secrets;

namespace Mandate.Core.Audit;

/// <summary>
/// The details of an audit event as canonical JSON, with secrets already removed. Only
/// <see cref="AuditPayloadBuilder"/> and <see cref="FromObject"/> make one, and both scrub, so a
/// payload cannot carry a secret into the trail.
/// </summary>
public sealed partial class AuditPayload
{
    private AuditPayload(string json) => Json = json;

    /// <summary>No details: <c>{}</c>.</summary>
    public static AuditPayload Empty { get; } = new("{}");

    /// <summary>The canonical JSON text (see <see cref="CanonicalJson"/>).</summary>
    public string Json { get; }

    /// <summary>
    /// A payload from an existing object (e.g. a resource's changed attributes): values at
    /// <paramref name="sensitivePaths"/> become <see cref="Redaction.Marker"/> (path syntax of
    /// <see cref="Redaction"/>), then every string is scrubbed as in <see cref="AuditPayloadBuilder"/>.
    /// The object is not modified.
    /// </summary>
    public static AuditPayload FromObject(JsonObject details, IEnumerable<string>? sensitivePaths = null)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (Redaction.RedactPaths(details, sensitivePaths ?? []) is not JsonObject copy)
        {
            throw new ArgumentException("the empty path would redact the whole payload; name the sensitive fields instead", nameof(sensitivePaths));
        }

        Scrub(copy);
        return new AuditPayload(CanonicalJson.Serialize(copy));
    }

    /// <inheritdoc />
    public override string ToString() => Json;

    // Defence in depth: whatever a caller forgot to mark, text shaped like a Mandate API key or a
    // stored ciphertext never enters the trail (a ciphertext plus a stolen key file is a secret).
    private static void Scrub(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (obj[name] is JsonValue value && ScrubbedText(value) is { } replacement)
                    {
                        obj[name] = replacement;
                    }
                    else
                    {
                        Scrub(obj[name]);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && ScrubbedText(value) is { } replacement)
                    {
                        array[i] = replacement;
                    }
                    else
                    {
                        Scrub(array[i]);
                    }
                }

                break;
        }
    }

    private static string? ScrubbedText(JsonValue value)
    {
        if (!value.TryGetValue<string>(out var text))
        {
            return null;
        }

        var scrubbed = ApiKeyText().Replace(text, Redaction.Marker);
        scrubbed = ProtectedText().Replace(scrubbed, Redaction.Marker);
        return ReferenceEquals(scrubbed, text) || scrubbed == text ? null : scrubbed;
    }

    [GeneratedRegex("mdt_[a-z0-9]{12}_[A-Za-z0-9_-]{43}", RegexOptions.CultureInvariant)]
    private static partial Regex ApiKeyText();

    [GeneratedRegex("mk1:[0-9a-f]{16}:[A-Za-z0-9+/=]+", RegexOptions.CultureInvariant)]
    private static partial Regex ProtectedText();
}

/// <summary>
/// Builds an <see cref="AuditPayload"/>. Secret fields are declared with <see cref="Secret"/>, which
/// takes no value at all, so the secret is never in reach of the trail; everything else is scrubbed
/// on <see cref="Build"/>.
/// </summary>
/// <example><code>
/// var payload = new AuditPayloadBuilder()
///     .Add("integration", "aws-prod").Add("region", "eu-west-1").Secret("secret_key").Build();
/// // {"integration":"aws-prod","region":"eu-west-1","secret_key":"(sensitive value)"}
/// </code></example>
public sealed class AuditPayloadBuilder
{
    private readonly JsonObject _fields = [];

    /// <summary>Adds a string field (null allowed).</summary>
    public AuditPayloadBuilder Add(string name, string? value) => Set(name, value is null ? null : JsonValue.Create(value));

    /// <summary>Adds an integer field.</summary>
    public AuditPayloadBuilder Add(string name, long value) => Set(name, JsonValue.Create(value));

    /// <summary>Adds a boolean field.</summary>
    public AuditPayloadBuilder Add(string name, bool value) => Set(name, JsonValue.Create(value));

    /// <summary>Adds a list of strings.</summary>
    public AuditPayloadBuilder Add(string name, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Set(name, new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]));
    }

    /// <summary>
    /// Adds a JSON value (a copy), with the values at <paramref name="sensitivePaths"/> inside it
    /// replaced by the marker, e.g. a resource's attributes and the paths its schema marks sensitive.
    /// </summary>
    public AuditPayloadBuilder AddJson(string name, JsonNode? value, IEnumerable<string>? sensitivePaths = null) =>
        Set(name, Redaction.RedactPaths(value, sensitivePaths ?? []));

    /// <summary>Records that a secret field was involved (set, changed, used) without its value.</summary>
    public AuditPayloadBuilder Secret(string name) => Set(name, JsonValue.Create(Redaction.Marker));

    /// <summary>The payload, scrubbed and canonical.</summary>
    public AuditPayload Build() => AuditPayload.FromObject(_fields);

    private AuditPayloadBuilder Set(string name, JsonNode? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_fields.ContainsKey(name))
        {
            throw new ArgumentException($"audit payload field '{name}' was already added", nameof(name));
        }

        _fields[name] = value;
        return this;
    }
}
