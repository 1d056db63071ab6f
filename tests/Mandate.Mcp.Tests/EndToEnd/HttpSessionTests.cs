namespace Mandate.Mcp.Tests.EndToEnd;

using Mandate.Mcp.Tests.Support;
using Mandate.TestFixtures.Xunit;

/// <summary>The acceptance session over Streamable HTTP with the official C# client, against the server `mandate serve` builds and the real AWS provider.</summary>
public sealed class HttpSessionTests(AwsBackends aws) : IClassFixture<AwsBackends>
{
    [RequiresAwsProviderFact]
    public async Task Full_session_over_streamable_http_with_approval_over_REST()
    {
        await using var host = await CoreHost.StartAsync();
        await using var client = await host.ConnectAsync("admin");
        await SessionFlow.RunAsync(client, aws, new RestSide(host), "http");
    }
}
