namespace Mandate.Server.Api.Problems;

using Mandate.Core;
using Mandate.Core.Keys;
using Mandate.Core.Secrets;
using Microsoft.AspNetCore.Http;

/// <summary>
/// The one table from Mandate's error codes to HTTP statuses and problem titles. Every REST error goes
/// through it, so a code means the same status on every endpoint.
/// </summary>
internal static class ProblemStatus
{
    private static readonly Dictionary<string, (int Status, string Title)> Table = new(StringComparer.Ordinal)
    {
        [MandateErrorCodes.InvalidArgument] = (StatusCodes.Status400BadRequest, "The request is not valid"),
        [MandateErrorCodes.Unauthenticated] = (StatusCodes.Status401Unauthorized, "Authentication is required"),
        [MandateErrorCodes.Forbidden] = (StatusCodes.Status403Forbidden, "Not allowed"),
        [MandateErrorCodes.ReadOnlyCredential] = (StatusCodes.Status403Forbidden, "The API key is read-only"),
        // The credential the project uses for the cloud is read-only: not the caller's key, but still not allowed.
        [MandateErrorCodes.IntegrationReadOnly] = (StatusCodes.Status403Forbidden, "The cloud integration is read-only"),
        [MandateErrorCodes.NotFound] = (StatusCodes.Status404NotFound, "Not found"),
        [MandateErrorCodes.AlreadyExists] = (StatusCodes.Status409Conflict, "Already exists"),
        [MandateErrorCodes.Conflict] = (StatusCodes.Status409Conflict, "Conflicting change"),
        [MandateErrorCodes.PlanChanged] = (StatusCodes.Status409Conflict, "The plan changed"),
        // The project is not set up for the request yet (no integration for the provider): fix the project, then retry.
        [MandateErrorCodes.IntegrationRequired] = (StatusCodes.Status409Conflict, "The project needs a cloud integration"),
        // 423 (RFC 4918) says exactly this: the target is locked by someone else for now.
        [MandateErrorCodes.ProjectLocked] = (StatusCodes.Status423Locked, "The project is locked by another session"),
        // The request was understood and allowed, but the project's policies refuse the change it asks for.
        [MandateErrorCodes.PolicyDenied] = (StatusCodes.Status422UnprocessableEntity, "Denied by policy"),
        [MandateErrorCodes.PendingReview] = (StatusCodes.Status409Conflict, "The operation is waiting for review"),
        [AuthErrorCodes.RateLimited] = (StatusCodes.Status429TooManyRequests, "Too many failed authentications"),
        // The cloud provider failed, not Mandate: a gateway error.
        [MandateErrorCodes.ProviderError] = (StatusCodes.Status502BadGateway, "The provider failed"),
        [MandateErrorCodes.Internal] = (StatusCodes.Status500InternalServerError, "Internal error"),
        // The server's own secrets key or a stored secret is unusable: an operator must act, not the client.
        [SecretErrorCodes.SecretUnreadable] = (StatusCodes.Status500InternalServerError, "A stored secret cannot be read"),
        [SecretErrorCodes.SecretKeyUnusable] = (StatusCodes.Status500InternalServerError, "The server's secrets key is unusable"),
        [ApiErrorCodes.PayloadTooLarge] = (StatusCodes.Status413PayloadTooLarge, "The request body is too large"),
        [ApiErrorCodes.UnsupportedMediaType] = (StatusCodes.Status415UnsupportedMediaType, "Unsupported content type"),
        [ApiErrorCodes.MethodNotAllowed] = (StatusCodes.Status405MethodNotAllowed, "Method not allowed"),
    };

    /// <summary>Every code the table knows, for documentation and tests.</summary>
    public static IReadOnlyCollection<string> Codes => Table.Keys;

    /// <summary>The status and title for a code; an unknown code is a bug, reported as 500.</summary>
    public static (int Status, string Title) For(string code) =>
        Table.TryGetValue(code, out var entry) ? entry : (StatusCodes.Status500InternalServerError, "Internal error");

    /// <summary>The problem type URI of a code; stable, so clients may switch on it as well as on <c>code</c>.</summary>
    public static string TypeUri(string code) => "urn:mandate:error:" + code;
}

/// <summary>Error codes that only the HTTP surface produces.</summary>
internal static class ApiErrorCodes
{
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string MethodNotAllowed = "method_not_allowed";
}
