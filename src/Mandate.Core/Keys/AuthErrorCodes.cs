namespace Mandate.Core.Keys;

/// <summary>Authentication error codes not (yet) in <see cref="MandateErrorCodes"/>.</summary>
public static class AuthErrorCodes
{
    /// <summary>Too many failed authentications from one source; retry after the time in the details.</summary>
    public const string RateLimited = "auth_rate_limited";
}
