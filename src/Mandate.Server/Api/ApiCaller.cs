namespace Mandate.Server.Api;

using Mandate.Core.Access;
using Microsoft.AspNetCore.Http;

/// <summary>
/// The authenticated caller of a REST request and the session it acts in. The session is the optional
/// <c>Mandate-Session</c> header, else <c>rest:&lt;principal id&gt;</c>: every request with one key is then
/// one session for project locking, and a client that runs several independent jobs names each one.
/// </summary>
internal sealed record ApiCaller(Principal Principal, string SessionId)
{
    public const string SessionHeader = "Mandate-Session";

    private const int MaxSessionLength = 128;

    private static readonly object ItemKey = new();

    /// <summary>The caller the <see cref="ApiGate"/> authenticated; only absent on routes outside /api/v1.</summary>
    public static ApiCaller Of(HttpContext http) =>
        http.Items.TryGetValue(ItemKey, out var caller) && caller is ApiCaller known
            ? known
            : throw new InvalidOperationException("no authenticated caller: the route is not behind the API gate");

    public static void Set(HttpContext http, ApiCaller caller) => http.Items[ItemKey] = caller;

    /// <summary>The session a request names, checked: printable ASCII, at most 128 characters.</summary>
    public static string SessionFor(HttpRequest request, Principal principal)
    {
        var named = request.Headers[SessionHeader].ToString();
        if (string.IsNullOrEmpty(named))
        {
            return "rest:" + principal.Id;
        }

        if (named.Length > MaxSessionLength || named.Any(c => c is < '!' or > '~'))
        {
            throw new Core.MandateException(Core.MandateErrorCodes.InvalidArgument,
                $"the {SessionHeader} header must be 1-{MaxSessionLength} printable ASCII characters without spaces");
        }

        return named;
    }
}
