namespace Mandate.Core.Secrets;

using System.Text.Json.Nodes;
using Mandate.Providers.Schema;

/// <summary>
/// Sensitive values inside stored JSON documents (resource config and state, state history, operation requests).
/// Each value the provider schema marks sensitive is replaced by <c>{"$sealed": "mk1:…"}</c>: the value's JSON
/// text encrypted with <see cref="SecretProtector"/>, bound to the project. Everything else stays readable, so
/// lists, diffs, references and policies keep working on stored state without the key.
/// </summary>
/// <remarks>
/// <para>Why per value rather than the whole document: readers that only need non-sensitive attributes (resource
/// lists, <c>$ref</c> resolution, drift display) work unchanged and never hold a secret; and a sealed value is
/// recognisable anywhere (<see cref="Redact"/> turns it into the marker without the schema or the key).</para>
/// <para>Bound to the project (not to one attribute) because a <c>$ref</c> may copy a sealed value to another
/// resource of the same project; a value moved into another project does not decrypt.</para>
/// <para><c>$sealed</c> is reserved the way <c>$ref</c> is: an object with that one key is never user data.</para>
/// </remarks>
public static class SealedJson
{
    /// <summary>The key of a sealed value's wrapper object.</summary>
    public const string Key = "$sealed";

    /// <summary>Where sealed values of a project are bound (the associated data of their ciphertexts).</summary>
    public static string Location(string projectId) => $"project:{projectId}";

    /// <summary>True when <paramref name="node"/> is a sealed value's wrapper.</summary>
    public static bool IsSealed(JsonNode? node) =>
        node is JsonObject { Count: 1 } obj && obj[Key] is JsonValue value && value.TryGetValue<string>(out var text) && SecretProtector.LooksProtected(text);

    /// <summary>
    /// A copy of <paramref name="document"/> (shaped by <paramref name="block"/>) with every schema-sensitive,
    /// non-null value sealed. Values already sealed stay as they are.
    /// </summary>
    public static JsonNode? Seal(SchemaBlock block, JsonNode? document, SecretProtector protector, string location)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(protector);
        var copy = document?.DeepClone();
        Walk(block.Attributes, block.BlockTypes, copy, value => new JsonObject { [Key] = protector.Protect(value.ToJsonString(), location) });
        return copy;
    }

    /// <summary>The plain text of every schema-sensitive string or number in <paramref name="document"/> (to scrub from messages).</summary>
    public static IReadOnlyList<string> SensitiveTexts(SchemaBlock block, JsonNode? document)
    {
        ArgumentNullException.ThrowIfNull(block);
        var found = new List<string>();
        Walk(block.Attributes, block.BlockTypes, document?.DeepClone(), value =>
        {
            Collect(value, found);
            return value;
        });
        return found;
    }

    /// <summary>A copy of <paramref name="document"/> with every sealed value decrypted: only for handing to the provider.</summary>
    public static JsonNode? Open(JsonNode? document, SecretProtector protector, string location)
    {
        ArgumentNullException.ThrowIfNull(protector);
        return Map(document?.DeepClone(), sealedValue => JsonNode.Parse(protector.Unprotect(sealedValue, location)));
    }

    /// <summary>A copy of <paramref name="document"/> with every sealed value replaced by <see cref="Redaction.Marker"/>: for callers.</summary>
    public static JsonNode? Redact(JsonNode? document) => Map(document?.DeepClone(), _ => JsonValue.Create(Redaction.Marker));

    /// <summary>
    /// A copy of <paramref name="document"/> (shaped by <paramref name="block"/>) with every schema-sensitive value and every
    /// sealed one replaced by <see cref="Redaction.Marker"/>: for a plain document (a config derived from what a provider read)
    /// that goes where reviewers and policies look.
    /// </summary>
    public static JsonNode? RedactSensitive(SchemaBlock block, JsonNode? document)
    {
        ArgumentNullException.ThrowIfNull(block);
        var copy = Redact(document);
        Walk(block.Attributes, block.BlockTypes, copy, _ => JsonValue.Create(Redaction.Marker));
        return copy;
    }

    /// <summary><see cref="Redact"/> over JSON text; null stays null.</summary>
    public static string? RedactText(string? json) => json is null ? null : Redact(JsonNode.Parse(json))?.ToJsonString() ?? "null";

    /// <summary>True when any sealed value occurs in <paramref name="document"/>.</summary>
    public static bool ContainsSealed(JsonNode? document)
    {
        var found = false;
        Map(document?.DeepClone(), sealedValue =>
        {
            found = true;
            return null;
        });
        return found;
    }

    /// <summary>Replaces schema-sensitive values in place; <paramref name="node"/> is an object of the block's shape.</summary>
    private static void Walk(IReadOnlyDictionary<string, SchemaAttribute> attributes, IReadOnlyDictionary<string, SchemaNestedBlock>? blocks, JsonNode? node,
        Func<JsonNode, JsonNode?> onSensitive)
    {
        if (node is not JsonObject obj)
        {
            return;
        }

        foreach (var name in obj.Select(p => p.Key).ToList())
        {
            var value = obj[name];
            // A {"$ref": …} is resolved (and then sealed) where it lands; hiding it in a seal would stop its resolution.
            if (value is null || IsSealed(value) || value is JsonObject { Count: 1 } reference && reference.ContainsKey("$ref"))
            {
                continue;
            }

            if (attributes.TryGetValue(name, out var attribute))
            {
                if (attribute.Sensitive)
                {
                    var replaced = onSensitive(value);
                    if (!ReferenceEquals(replaced, value))
                    {
                        obj[name] = replaced;
                    }
                }
                else if (attribute.NestedType is { } nested)
                {
                    EachElement(nested.Nesting, value, e => Walk(nested.Attributes, null, e, onSensitive));
                }
            }
            else if (blocks is not null && blocks.TryGetValue(name, out var block))
            {
                EachElement(block.Nesting, value, e => Walk(block.Block.Attributes, block.Block.BlockTypes, e, onSensitive));
            }
        }
    }

    private static void EachElement(SchemaNesting nesting, JsonNode value, Action<JsonNode?> visit)
    {
        switch (nesting)
        {
            case SchemaNesting.List or SchemaNesting.Set when value is JsonArray list:
                foreach (var element in list)
                {
                    visit(element);
                }

                break;
            case SchemaNesting.Map when value is JsonObject map:
                foreach (var (_, element) in map)
                {
                    visit(element);
                }

                break;
            default:
                visit(value);
                break;
        }
    }

    // Rewrites every sealed wrapper, at any depth, with what replace returns for its ciphertext.
    private static JsonNode? Map(JsonNode? node, Func<string, JsonNode?> replace)
    {
        if (IsSealed(node))
        {
            return replace(node![Key]!.GetValue<string>());
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    var child = obj[name];
                    var mapped = Map(child, replace);
                    if (!ReferenceEquals(child, mapped))
                    {
                        obj[name] = mapped;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var child = array[i];
                    var mapped = Map(child, replace);
                    if (!ReferenceEquals(child, mapped))
                    {
                        array[i] = mapped;
                    }
                }

                break;
        }

        return node;
    }

    private static void Collect(JsonNode node, List<string> found)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        Collect(child, found);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        Collect(child, found);
                    }
                }

                break;
            case JsonValue value:
                var text = value.TryGetValue<string>(out var s) ? s : value.ToJsonString();
                // Very short values (a flag, a digit) would scrub ordinary words from messages and hide nothing.
                if (text.Length >= 4)
                {
                    found.Add(text);
                }

                break;
        }
    }
}
