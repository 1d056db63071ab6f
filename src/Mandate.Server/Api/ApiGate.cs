namespace Mandate.Server.Api;

using System.Text.Json;
using Mandate.Core;
using Mandate.Server.Api.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

/// <summary>
/// What every /api/v1 request passes before its endpoint runs, and how every failure leaves it: the body
/// size limit, bearer-key authentication (before the body is read, so an anonymous caller learns nothing
/// about the request's validity), and one translation of every error into an RFC 9457 problem.
/// </summary>
internal sealed class ApiGate(RequestDelegate next, IRequestAuthenticator authenticator, ILogger<ApiGate> logger)
{
    public const string Prefix = "/api/v1";

    /// <summary>1 MiB: far above any configuration or policy a person writes, far below what would hurt the host.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    public async Task InvokeAsync(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments(Prefix, StringComparison.Ordinal))
        {
            await next(http);
            return;
        }

        try
        {
            LimitBody(http);
            var principal = await authenticator.AuthenticateAsync(http, http.RequestAborted);
            ApiCaller.Set(http, new ApiCaller(principal, ApiCaller.SessionFor(http.Request, principal)));
            await next(http);
            await ExplainEmptyRoutingAnswerAsync(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            var problem = Translate(e, http);
            http.Response.Clear();
            if (problem.Code == MandateErrorCodes.Unauthenticated)
            {
                // RFC 6750: a missing key gets the bare challenge; a presented but refused key says so.
                var presented = http.Request.Headers.Authorization.Count > 0;
                http.Response.Headers.WWWAuthenticate = presented
                    ? "Bearer realm=\"mandate\", error=\"invalid_token\""
                    : "Bearer realm=\"mandate\"";
            }

            if (problem.Details?.TryGetValue("retryAfter", out var retry) == true && retry is DateTimeOffset until)
            {
                var seconds = Math.Max(1, (long)Math.Ceiling((until - DateTimeOffset.UtcNow).TotalSeconds));
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await problem.WriteAsync(http);
        }
    }

    private static void LimitBody(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            throw new MandateException(ApiErrorCodes.PayloadTooLarge,
                $"the request body has {http.Request.ContentLength} bytes; the limit is {MaxBodyBytes} bytes");
        }

        // Chunked bodies have no length up front; the server stops reading them at the limit.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = MaxBodyBytes;
        }
    }

    // Routing answers an unknown path with an empty 404 and a known path with the wrong method with an
    // empty 405; a client deserves the same problem shape there as everywhere else.
    private static async Task ExplainEmptyRoutingAnswerAsync(HttpContext http)
    {
        // Routing's own 405 is an endpoint too; an empty body is the sign (every API endpoint writes one).
        if (http.Response.HasStarted || http.Response.ContentLength is not null || http.Response.ContentType is not null)
        {
            return;
        }

        var path = http.Request.Path.Value;
        if (http.Response.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            // Routing refused the Content-Type an endpoint declares it accepts (a resource PATCH takes only a merge patch).
            await ApiProblem.From(ApiErrorCodes.UnsupportedMediaType,
                $"{http.Request.Method} {path} does not accept Content-Type '{http.Request.ContentType}'; " +
                "a resource PATCH takes a JSON merge patch (application/merge-patch+json), everything else application/json").WriteAsync(http);
        }
        else if (http.Response.StatusCode == StatusCodes.Status405MethodNotAllowed)
        {
            await ApiProblem.From(ApiErrorCodes.MethodNotAllowed,
                $"{http.Request.Method} is not supported on {path}; the OpenAPI document at /openapi/v1.json lists each route's methods").WriteAsync(http);
        }
        else if (http.Response.StatusCode == StatusCodes.Status404NotFound)
        {
            await ApiProblem.From(MandateErrorCodes.NotFound,
                $"no API route matches {http.Request.Method} {path}; the OpenAPI document at /openapi/v1.json lists every route").WriteAsync(http);
        }
    }

    private ApiProblem Translate(Exception exception, HttpContext http)
    {
        var instance = http.Request.Path.Value;
        switch (exception)
        {
            case MandateException mandate:
                return ApiProblem.From(mandate.Code, mandate.Message, mandate.Details, instance);
            case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge:
                return ApiProblem.From(ApiErrorCodes.PayloadTooLarge, $"the request body is larger than the limit of {MaxBodyBytes} bytes", null, instance);
            case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status415UnsupportedMediaType:
                return ApiProblem.From(ApiErrorCodes.UnsupportedMediaType,
                    $"the request body must be JSON (Content-Type application/json, or application/merge-patch+json for a merge patch); got '{http.Request.ContentType}'",
                    null, instance);
            case BadHttpRequestException { InnerException: JsonException json }:
                return BodyProblems.FromJson(json, instance);
            case BadHttpRequestException bad:
                return ApiProblem.From(MandateErrorCodes.InvalidArgument, BodyProblems.DescribeBinding(bad.Message), null, instance);
            case JsonException json:
                return BodyProblems.FromJson(json, instance);
            default:
                logger.LogError(exception, "unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path.Value);
                return ApiProblem.From(MandateErrorCodes.Internal,
                    $"the server failed on this request ({exception.GetType().Name}); the server log has the details (trace {http.TraceIdentifier})",
                    null, instance);
        }
    }
}

/// <summary>Authenticates a REST request from its <c>Authorization: Bearer</c> key.</summary>
internal interface IRequestAuthenticator
{
    /// <summary>The caller, or <see cref="MandateException"/> with <c>unauthenticated</c> (or rate limited).</summary>
    Task<Core.Access.Principal> AuthenticateAsync(HttpContext http, CancellationToken cancellationToken);
}
