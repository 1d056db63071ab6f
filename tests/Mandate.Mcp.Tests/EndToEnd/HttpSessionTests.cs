namespace Mandate.Mcp.Tests.EndToEnd;

using System.Net;
using Mandate.Mcp.Tests.Support;
using Mandate.TestFixtures.Xunit;

/// <summary>The acceptance session over Streamable HTTP with the official C# client, against Core and the real AWS provider.</summary>
public sealed class HttpSessionTests(AwsBackends aws) : IClassFixture<AwsBackends>
{
    [RequiresAwsProviderFact]
    public async Task Full_session_over_streamable_http()
    {
        await using var host = await CoreHost.StartAsync(aws);
        await using var client = await host.ConnectAsync("admin");
        // Approval: through Core's facade as the approver key's principal; the REST approve endpoint is not in main yet.
        await SessionFlow.RunAsync(client, aws, "http", SessionFlow.ApproveThroughCore(host.Core, () => host.PrincipalAsync("approver")));
    }
}
