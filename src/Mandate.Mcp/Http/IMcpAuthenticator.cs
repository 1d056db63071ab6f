namespace Mandate.Mcp.Http;

using Mandate.Core.Access;

/// <summary>The outcome of checking a bearer key: the principal, or a message safe to show the client.</summary>
public sealed record McpAuthentication(Principal? Principal, string? Failure)
{
    public static McpAuthentication Accepted(Principal principal) => new(principal, null);

    public static McpAuthentication Refused(string failure) => new(null, failure);
}

/// <summary>Turns a presented API key into a principal. The host supplies Core's authenticator.</summary>
public interface IMcpAuthenticator
{
    /// <param name="apiKey">The key from <c>Authorization: Bearer</c>.</param>
    /// <param name="remoteAddress">The caller's address, for failed-attempt limiting.</param>
    ValueTask<McpAuthentication> AuthenticateAsync(string apiKey, string? remoteAddress, CancellationToken cancellationToken);
}
