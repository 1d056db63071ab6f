namespace Mandate.Core.Pipeline;

using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Secrets;
using Mandate.Providers.Cty;
using Mandate.Providers.Cty.Json;
using Mandate.Providers.Schema;

/// <summary>Sensitive values around a plan: opened for the provider, sealed for the store, scrubbed from messages.</summary>
public sealed partial class OperationPlanner
{
    /// <summary>Seals the sensitive values of a request's <c>config</c> or <c>patch</c> before the request is stored with its operation.</summary>
    public JsonObject SealRequest(ProjectRecord project, JsonObject request, PlannedChange planned)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(planned);
        if (secrets is null || planned.Schema is null)
        {
            return request;
        }

        var sealedRequest = (JsonObject)request.DeepClone();
        foreach (var part in new[] { "config", "patch" })
        {
            if (sealedRequest[part] is JsonObject document)
            {
                sealedRequest[part] = SealedJson.Seal(planned.Schema.Block, document, secrets, SealedJson.Location(project.Id));
            }
        }

        return sealedRequest;
    }

    /// <summary>
    /// <paramref name="json"/> (a state or config document of <paramref name="schema"/>'s shape) with its sensitive values
    /// sealed, for writers outside the applier (refresh, import). Fails closed without a key when there is anything to seal.
    /// </summary>
    public string? SealForStore(string projectId, SchemaBlock schema, string? json)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (json is null)
        {
            return null;
        }

        var document = JsonNode.Parse(json);
        if (SealedJson.SensitiveTexts(schema, document).Count == 0)
        {
            return json;
        }

        return SealedJson.Seal(schema, document, RequireKey("the state holds values its provider marks sensitive"), SealedJson.Location(projectId))?.ToJsonString();
    }

    /// <summary>
    /// Whether <paramref name="real"/> (an object as the provider read it) holds every sensitive value <paramref name="config"/>
    /// (stored, so sealed) sets. Plans show sensitive values as the marker, so a change to one is invisible in them; crash
    /// recovery asks this to tell an update that took effect from one that never reached the cloud. Compared as the set of
    /// sensitive texts rather than path by path: a value moved to another sensitive attribute of the same object would pass.
    /// </summary>
    internal bool HoldsSensitiveValues(string projectId, SchemaBlock schema, JsonObject config, CtyValue real)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(config);
        var opened = SealedJson.ContainsSealed(config)
            ? SealedJson.Open(config, RequireKey("the configuration holds sealed values"), SealedJson.Location(projectId))
            : config;
        var wanted = SealedJson.SensitiveTexts(schema, opened);
        if (wanted.Count == 0)
        {
            return true;
        }

        var held = SealedJson.SensitiveTexts(schema, CtyPlainJson.ToView(real, redactSensitive: false).Value).ToHashSet(StringComparer.Ordinal);
        return wanted.All(held.Contains);
    }

    /// <summary>Refuses a mutating operation through credentials that may only read (see <see cref="IProviderResolver.EnsureMayChangeAsync"/>).</summary>
    public Task EnsureMayChangeAsync(ProjectRecord project, string resourceType, OperationKind kind, CancellationToken cancellationToken) =>
        resolver.EnsureMayChangeAsync(project, resourceType, kind, cancellationToken);

    /// <summary><paramref name="config"/> with its sealed values opened (a copy), or itself when it holds none.</summary>
    internal JsonObject? OpenSealed(ProjectRecord project, JsonObject? config)
    {
        if (config is null || !SealedJson.ContainsSealed(config))
        {
            return config;
        }

        return (JsonObject)SealedJson.Open(config, RequireKey("the configuration holds sealed values"), SealedJson.Location(project.Id))!;
    }

    private string OpenSealed(ProjectRecord project, string stateJson)
    {
        var state = JsonNode.Parse(stateJson);
        if (!SealedJson.ContainsSealed(state))
        {
            return stateJson;
        }

        return SealedJson.Open(state, RequireKey("the stored state holds sealed values"), SealedJson.Location(project.Id))!.ToJsonString();
    }

    private static IReadOnlyList<string> SensitiveTexts(ResourceSchema schema, JsonObject? config, string? priorJson) =>
    [
        .. SealedJson.SensitiveTexts(schema.Block, config),
        .. priorJson is null ? [] : SealedJson.SensitiveTexts(schema.Block, JsonNode.Parse(priorJson)),
    ];

    private void RequireKeyFor(string resourceType, IReadOnlyList<string> sensitive)
    {
        if (sensitive.Count > 0)
        {
            RequireKey($"{resourceType} has values its provider marks sensitive");
        }
    }

    private SecretProtector RequireKey(string why) => secrets
        ?? throw new MandateException(SecretErrorCodes.SecretKeyUnusable,
            $"{why}, and this pipeline has no secret key to keep them encrypted at rest; nothing was changed. Start Mandate with its secret key (see docs/integrations.md)");

    /// <summary>The exception with every sensitive text replaced by the marker (providers echo values in diagnostics).</summary>
    internal static MandateException Scrub(MandateException exception, IReadOnlyList<string> sensitive)
    {
        if (sensitive.Count == 0)
        {
            return exception;
        }

        var message = ScrubText(exception.Message, sensitive);
        var details = exception.Details.ToDictionary(kv => kv.Key, kv => kv.Value switch
        {
            string text => ScrubText(text, sensitive),
            IEnumerable<string> texts => texts.Select(t => ScrubText(t, sensitive)).ToList(),
            var other => other,
        });
        return new MandateException(exception.Code, message, details);
    }

    internal static string ScrubText(string text, IReadOnlyList<string> sensitive) =>
        sensitive.OrderByDescending(s => s.Length).Aggregate(text, (current, secret) => current.Replace(secret, Redaction.Marker, StringComparison.Ordinal));
}
