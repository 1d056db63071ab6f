namespace Mandate.Core.Application;

using System.Text.Json.Nodes;
using Mandate.Core.Model;
using Mandate.Core.Secrets;

/// <summary>
/// An operation as the application layer hands it out (get, list, reject): what was asked, what was planned, what was
/// decided and how it ended. Never the stored record itself: the request's <c>config</c> or <c>patch</c> shows every value
/// the provider schema marks sensitive, and every value kept sealed at rest, as <see cref="Redaction.Marker"/> — never
/// the plain value, never its ciphertext — and is withheld (null) when the schema cannot be read. Lease bookkeeping
/// (who claimed it, until when) stays inside.
/// </summary>
/// <param name="Request">
/// The request: <c>resource_type</c> (creates, imports), <c>config</c> or <c>patch</c> (redacted as above), <c>cascade</c>
/// (deletes), <c>import_id</c> (imports).
/// </param>
/// <param name="SessionId">The session that requested it (the one holding the project's lock).</param>
/// <param name="Plan">What reviewers see; sensitive values are already the marker there. Its hash is <paramref name="PlanHash"/>.</param>
/// <param name="Decision">The policy decision: the verdict of each policy and the combined outcome.</param>
/// <param name="Recovery">How crash recovery settled it, when it did.</param>
public sealed record OperationDetails(
    string Id,
    string ProjectId,
    string ResourceId,
    OperationKind Kind,
    OperationStatus Status,
    string RequestedBy,
    string? SessionId,
    JsonObject Request,
    JsonObject? Plan,
    string? PlanHash,
    JsonObject? Decision,
    string? DecidedBy,
    string? Error,
    string? Recovery,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? ExpiresAt)
{
    // The request members that carry resource values; everything else in a request is Mandate's own vocabulary.
    private static readonly string[] ValueMembers = ["config", "patch"];

    /// <summary>
    /// The details of <paramref name="operation"/>, its request redacted with <paramref name="sensitivePaths"/> (the
    /// resource type's schema-sensitive paths; null when the schema could not be read: then the values are withheld).
    /// </summary>
    public static OperationDetails Of(OperationRecord operation, IReadOnlyList<string>? sensitivePaths)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return new OperationDetails(operation.Id, operation.ProjectId, operation.ResourceId, operation.Kind, operation.Status, operation.RequestedBy,
            operation.SessionId, RedactedRequest(operation.RequestJson, sensitivePaths), ParseObject(operation.PlanJson), operation.PlanHash,
            ParseObject(operation.DecisionJson), operation.DecidedBy, operation.Error, operation.Recovery, operation.CreatedAt, operation.UpdatedAt,
            operation.CompletedAt, operation.ExpiresAt);
    }

    private static JsonObject RedactedRequest(string requestJson, IReadOnlyList<string>? sensitivePaths)
    {
        var request = ParseObject(requestJson) ?? [];
        foreach (var member in ValueMembers)
        {
            if (request[member] is JsonObject values)
            {
                // Sealed values become the marker first (whatever the schema says now); then the schema's sensitive paths
                // and any stray ciphertext. SensitiveAttributes.Redact is null when the paths are unknown: withheld.
                var unsealed = SealedJson.Redact(values)!.ToJsonString();
                request[member] = SensitiveAttributes.Redact(unsealed, sensitivePaths);
            }
        }

        return request;
    }

    private static JsonObject? ParseObject(string? json) => json is null ? null : JsonNode.Parse(json) as JsonObject;
}
