namespace Mandate.Server.Api.Problems;

using Mandate.Core;
using Microsoft.AspNetCore.Http;

/// <summary>
/// An RFC 9457 problem document plus Mandate's stable <c>code</c> and the hints a client can act on
/// (<c>details</c>: closest names, policy reasons, lock holder and expiry, allowed roles).
/// </summary>
internal sealed record ApiProblem(string Type, string Title, int Status, string Detail, string Code,
    IReadOnlyDictionary<string, object?>? Details = null, string? Instance = null)
{
    public const string ContentType = "application/problem+json";

    public static ApiProblem From(string code, string detail, IReadOnlyDictionary<string, object?>? details = null, string? instance = null)
    {
        var (status, title) = ProblemStatus.For(code);
        return new ApiProblem(ProblemStatus.TypeUri(code), title, status, detail, code, details is { Count: > 0 } ? details : null, instance);
    }

    public static ApiProblem From(MandateException exception, string? instance = null) =>
        From(exception.Code, exception.Message, exception.Details, instance);

    /// <summary>Writes the problem as the response, with its status and content type.</summary>
    public Task WriteAsync(HttpContext http)
    {
        http.Response.StatusCode = Status;
        return http.Response.WriteAsJsonAsync(this, ApiJson.Options, ContentType, http.RequestAborted);
    }

    /// <summary>The problem as a minimal-API result.</summary>
    public IResult ToResult() => Results.Json(this, ApiJson.Options, ContentType, Status);
}
