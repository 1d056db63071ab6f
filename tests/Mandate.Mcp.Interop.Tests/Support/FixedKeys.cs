namespace Mandate.Mcp.Interop.Tests.Support;

using System.Security.Cryptography;
using Mandate.Core.Access;
using Mandate.Mcp.Http;

/// <summary>A write key and a read key, made up per host, for the in-process MCP host (which has no store).</summary>
internal sealed class FixedKeys : IMcpAuthenticator
{
    public string Write { get; } = "interop-write-" + RandomNumberGenerator.GetHexString(16, lowercase: true);

    public string Read { get; } = "interop-read-" + RandomNumberGenerator.GetHexString(16, lowercase: true);

    public ValueTask<McpAuthentication> AuthenticateAsync(string apiKey, string? remoteAddress, CancellationToken cancellationToken)
    {
        var outcome = apiKey == Write ? McpAuthentication.Accepted(Principal.ApiKey("key_interop_write", "interop writer", KeyScope.Write))
            : apiKey == Read ? McpAuthentication.Accepted(Principal.ApiKey("key_interop_read", "interop reader", KeyScope.Read))
            : McpAuthentication.Refused("the API key is not valid");
        return ValueTask.FromResult(outcome);
    }
}
