namespace Mandate.Core.Application;

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Secrets;
using Mandate.Providers.Pool;
using Mandate.Providers.Schema;

/// <summary>
/// Which attributes of a resource type the provider's schema marks sensitive, as <see cref="Redaction"/>
/// paths, so configs and states leave Core with those values replaced by the marker. The schema comes
/// from the provider pool (cached there); the paths are cached here per provider version and type.
/// </summary>
internal sealed class SensitiveAttributes(IProviderHost pool, IProviderResolver resolver)
{
    private readonly ConcurrentDictionary<(string Address, string Version, string Type), IReadOnlyList<string>> _paths = new();

    /// <summary>The sensitive paths of <paramref name="type"/>, or null when the schema cannot be read (then show nothing).</summary>
    public async Task<IReadOnlyList<string>?> PathsAsync(ProjectRecord project, string type, CancellationToken cancellationToken)
    {
        try
        {
            var spec = await resolver.ResolveAsync(project, type, cancellationToken);
            if (_paths.TryGetValue((spec.Address, spec.Version, type), out var cached))
            {
                return cached;
            }

            var schema = (await pool.GetSchemaAsync(spec, cancellationToken)).Schema;
            if (schema is null || !schema.ResourceTypes.TryGetValue(type, out var resource))
            {
                return null;
            }

            var paths = Of(resource.Block);
            _paths[(spec.Address, spec.Version, type)] = paths;
            return paths;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Fail closed: a caller then gets no values at all rather than possibly a secret.
            return null;
        }
    }

    /// <summary>A copy of <paramref name="json"/> with sensitive values and stored ciphertexts replaced by the marker; null when the paths are unknown.</summary>
    public static JsonObject? Redact(string? json, IReadOnlyList<string>? paths)
    {
        if (json is null || paths is null || JsonNode.Parse(json) is not JsonObject document)
        {
            return null;
        }

        var redacted = (JsonObject)Redaction.RedactPaths(document, paths)!;
        ScrubCiphertexts(redacted);
        return redacted;
    }

    /// <summary>The redaction paths of every schema-sensitive attribute of <paramref name="block"/>, at any depth.</summary>
    public static IReadOnlyList<string> Of(SchemaBlock block)
    {
        var paths = new List<string>();
        Collect(block, string.Empty, paths);
        return paths;
    }

    private static void Collect(SchemaBlock block, string prefix, List<string> paths)
    {
        foreach (var (name, attribute) in block.Attributes)
        {
            CollectAttribute(name, attribute, prefix, paths);
        }

        foreach (var (name, nested) in block.BlockTypes)
        {
            // Map-nested blocks are keyed by arbitrary labels no path can name: hide the whole block if anything in it is sensitive.
            if (nested.Nesting == SchemaNesting.Map)
            {
                if (Of(nested.Block).Count > 0)
                {
                    paths.Add(prefix + name);
                }

                continue;
            }

            Collect(nested.Block, prefix + name + ".", paths);
        }
    }

    private static void CollectAttribute(string name, SchemaAttribute attribute, string prefix, List<string> paths)
    {
        if (attribute.Sensitive)
        {
            paths.Add(prefix + name);
            return;
        }

        if (attribute.NestedType is not { } nested)
        {
            return;
        }

        var inner = new List<string>();
        foreach (var (innerName, innerAttribute) in nested.Attributes)
        {
            CollectAttribute(innerName, innerAttribute, string.Empty, inner);
        }

        if (inner.Count == 0)
        {
            return;
        }

        if (nested.Nesting == SchemaNesting.Map)
        {
            paths.Add(prefix + name);
        }
        else
        {
            paths.AddRange(inner.Select(p => prefix + name + "." + p));
        }
    }

    private static void ScrubCiphertexts(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (IsCiphertext(obj[key]))
                    {
                        obj[key] = Redaction.Marker;
                    }
                    else
                    {
                        ScrubCiphertexts(obj[key]);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (IsCiphertext(array[i]))
                    {
                        array[i] = Redaction.Marker;
                    }
                    else
                    {
                        ScrubCiphertexts(array[i]);
                    }
                }

                break;
        }
    }

    // SecretProtector's envelope: a state that keeps sensitive values encrypted at rest shows the marker, never the envelope.
    private static bool IsCiphertext(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && SecretProtector.LooksProtected(text);
}

/// <summary>
/// Makes what leaves Core about an operation safe to hand out: an <see cref="OperationResult"/>'s state (which may have been
/// read back from the store as stored) and an operation's request (<see cref="OperationDetails"/>) get the resource type's
/// sensitive values redacted, or are withheld when the schema is unknown.
/// </summary>
internal sealed class ResultRedactor(Stores.IMandateStore store, SensitiveAttributes sensitive)
{
    /// <param name="project">The operation's project when the caller has just read it; read here otherwise.</param>
    public async Task<OperationResult> RedactAsync(OperationResult result, CancellationToken cancellationToken, ProjectRecord? project = null)
    {
        if (result.State is null)
        {
            return result;
        }

        // The plan names the type it was made for; only a result without one needs the stored resource.
        var paths = await PathsAsync(result.Operation, cancellationToken, project, (result.Plan?["resource_type"] as JsonValue)?.GetValue<string>());
        return result with { State = SensitiveAttributes.Redact(result.State.ToJsonString(), paths) };
    }

    /// <summary>The details of each operation; the sensitive paths are looked up once per resource.</summary>
    public async Task<IReadOnlyList<OperationDetails>> DetailsAsync(IReadOnlyList<OperationRecord> operations, CancellationToken cancellationToken)
    {
        var paths = new Dictionary<(string Project, string Resource), IReadOnlyList<string>?>();
        var details = new List<OperationDetails>(operations.Count);
        foreach (var operation in operations)
        {
            if (!paths.TryGetValue((operation.ProjectId, operation.ResourceId), out var known))
            {
                known = await PathsAsync(operation, cancellationToken);
                paths[(operation.ProjectId, operation.ResourceId)] = known;
            }

            details.Add(OperationDetails.Of(operation, known));
        }

        return details;
    }

    // The resource's type comes from the plan when there is one, else its record, or for a create that never made one
    // from the request.
    private async Task<IReadOnlyList<string>?> PathsAsync(OperationRecord operation, CancellationToken cancellationToken,
        ProjectRecord? project = null, string? plannedType = null)
    {
        project ??= await store.Projects.GetAsync(operation.ProjectId, cancellationToken);
        var type = plannedType
            ?? (await store.Resources.GetAsync(operation.ProjectId, operation.ResourceId, cancellationToken))?.Type
            ?? (JsonNode.Parse(operation.RequestJson) as JsonObject)?["resource_type"]?.GetValue<string>();
        return project is null || type is null ? null : await sensitive.PathsAsync(project, type, cancellationToken);
    }
}
