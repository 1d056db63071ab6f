namespace Mandate.Mcp.Http;

using Mandate.Core;
using Mandate.Core.Application;

/// <summary>
/// Core's API key authenticator behind the HTTP transport: failures are limited per source and audited by
/// Core; the transport only turns them into 401s.
/// </summary>
public sealed class CoreApiKeyAuthenticator(MandateCore core) : IMcpAuthenticator
{
    public async ValueTask<McpAuthentication> AuthenticateAsync(string apiKey, string? remoteAddress, CancellationToken cancellationToken)
    {
        try
        {
            var principal = await core.Authenticator.AuthenticateAsync(apiKey, remoteAddress ?? "unknown", cancellationToken);
            return McpAuthentication.Accepted(principal);
        }
        catch (MandateException e) when (e.Code is MandateErrorCodes.Unauthenticated or Mandate.Core.Keys.AuthErrorCodes.RateLimited)
        {
            return McpAuthentication.Refused(e.Message);
        }
    }
}
