namespace Mandate.TestFixtures.Tests;

using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Processes;
using Mandate.TestFixtures.Servers;
using Mandate.TestFixtures.Xunit;

[Collection(DynaliteFixture.Collection)]
public sealed class DynaliteFixtureTests(DynaliteFixture fixture)
{
    [Fact]
    public async Task Creates_and_describes_a_table_through_DynamoDBs_own_http_api()
    {
        using var dynamo = new DynamoDbHttpClient(fixture.Server.Endpoint);
        var table = $"fixture-{Guid.NewGuid():N}";

        await dynamo.CallAsync("CreateTable", new
        {
            TableName = table,
            AttributeDefinitions = new[] { new { AttributeName = "pk", AttributeType = "S" } },
            KeySchema = new[] { new { AttributeName = "pk", KeyType = "HASH" } },
            BillingMode = "PAY_PER_REQUEST",
        });

        var description = await dynamo.DescribeTableAsync(table);
        Assert.NotNull(description);
        // --createTableMs 0 makes the table usable at once; a fixture without it would say CREATING here.
        Assert.Equal("ACTIVE", description["TableStatus"]!.GetValue<string>());
        Assert.Equal("pk", description["KeySchema"]![0]!["AttributeName"]!.GetValue<string>());
        Assert.Contains(table, await dynamo.ListTablesAsync());
        Assert.Null(await dynamo.DescribeTableAsync($"absent-{Guid.NewGuid():N}"));
    }

    [Fact]
    public async Task Stopping_a_server_leaves_no_process_behind()
    {
        var server = await DynaliteServer.StartAsync();
        var pid = server.Pid;
        Assert.True(ProcessLiveness.IsAlive(pid));

        await server.DisposeAsync();

        Assert.False(ProcessLiveness.IsAlive(pid), $"dynalite pid {pid} survived DisposeAsync");
    }
}
