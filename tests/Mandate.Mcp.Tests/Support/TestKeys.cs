namespace Mandate.Mcp.Tests.Support;

using Mandate.Core.Access;
using Mandate.Mcp.Http;

/// <summary>Keys for transport tests that do not need Core: a fixed table of key → principal.</summary>
internal sealed class TestKeys : IMcpAuthenticator
{
    public const string Write = "test-write-key";
    public const string Read = "test-read-key";
    public const string Other = "test-other-key";

    private readonly Dictionary<string, Principal> _keys = new(StringComparer.Ordinal)
    {
        [Write] = Principal.ApiKey("key_write", "writer", KeyScope.Write),
        [Read] = Principal.ApiKey("key_read", "reader", KeyScope.Read),
        [Other] = Principal.ApiKey("key_other", "other", KeyScope.Write),
    };

    public ValueTask<McpAuthentication> AuthenticateAsync(string apiKey, string? remoteAddress, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_keys.TryGetValue(apiKey, out var principal)
            ? McpAuthentication.Accepted(principal)
            : McpAuthentication.Refused("the API key is not valid"));
}
