using Mandate.Providers.Cty;
using Mandate.Providers.Lifecycle;
using Mandate.Providers.Messages;
using Mandate.Providers.Plugin;
using Mandate.Providers.Tests.Plugin;

namespace Mandate.Providers.Tests.Protocols;

/// <summary>
/// Protocol 6 end to end through the real runtime: go-plugin handshake choosing version 6, AutoMTLS with pinned
/// certificates on both sides, HTTP/2 on a unix socket, and the resource lifecycle — against the small protocol-6
/// provider in tests/Mandate.Providers.TestProvider6 (no real protocol-6 provider is installed here).
/// </summary>
public sealed class TestProvider6Tests
{
    private static string Binary
    {
        get
        {
            var directory = AppContext.BaseDirectory.Replace("Mandate.Providers.Tests", "Mandate.Providers.TestProvider6", StringComparison.Ordinal);
            var path = Path.Combine(directory, "Mandate.Providers.TestProvider6");
            Assert.True(File.Exists(path), $"test provider not built at {path}");
            return path;
        }
    }

    [Fact]
    public async Task A_protocol_6_provider_is_launched_configured_and_drives_create_replace_and_delete()
    {
        var (provider, process) = await ProviderClient.StartWithProcessAsync(
            new ProviderLaunchOptions { ExecutablePath = Binary }, null, null, CancellationToken.None);
        var pid = process.ProcessId;
        await using (provider)
        {
            Assert.Equal(6, provider.ProtocolVersion);
            var schema = (await provider.GetProviderSchemaAsync()).Schema!;
            var providerConfig = ObjectShape.FromPlainJson(schema.Provider.Block, """{ "label": "t" }""");
            Assert.Empty((await provider.ValidateProviderConfigAsync(new ValidateProviderConfigRequest(providerConfig))).Diagnostics);
            Assert.Empty((await provider.ConfigureProviderAsync(new ConfigureProviderRequest(providerConfig))).Diagnostics);

            var lifecycle = new ResourceLifecycle(provider);
            var block = schema.ResourceTypes["test_thing"].Block;
            var createPlan = await lifecycle.PlanAsync("test_thing", null, ObjectShape.FromPlainJson(block, """{ "name": "a", "note": "x" }"""));
            Assert.Equal(ChangeAction.Create, createPlan.Action);
            Assert.False(createPlan.PlannedState!.GetAttribute("id").IsKnown);
            var created = await lifecycle.ApplyAsync(createPlan);
            Assert.True(created.Succeeded, created.Diagnostics.Describe());
            Assert.Equal("thing-a", created.State!.Value.GetAttribute("id").AsString());
            Assert.Contains("test-provider-6", System.Text.Encoding.UTF8.GetString(created.State.Private.Span), StringComparison.Ordinal);

            var refreshed = await lifecycle.RefreshAsync(created.State);
            Assert.True(refreshed.Succeeded, refreshed.Diagnostics.Describe());
            Assert.Empty(refreshed.Drift);

            var renamePlan = await lifecycle.PlanAsync("test_thing", created.State, ObjectShape.FromPlainJson(block, """{ "name": "b", "note": "x" }"""));
            Assert.Equal(ChangeAction.DeleteThenCreate, renamePlan.Action);
            Assert.Equal("name", Assert.Single(renamePlan.RequiresReplace).ToString());
            var renamed = await lifecycle.ApplyAsync(renamePlan);
            Assert.True(renamed.Succeeded, renamed.Diagnostics.Describe());
            Assert.Equal("thing-b", renamed.State!.Value.GetAttribute("id").AsString());

            var deleted = await lifecycle.ApplyAsync(await lifecycle.PlanAsync("test_thing", renamed.State, null));
            Assert.True(deleted.Succeeded, deleted.Diagnostics.Describe());
            Assert.Null(deleted.State);
        }

        // Disposing asks the plugin to shut down (GRPCController.Shutdown); nothing may be left running.
        Assert.False(ProviderProcessTests.ProcessIsAlive(pid), $"test provider {pid} still running after dispose");
    }

    [Fact]
    public async Task Unknown_resource_types_and_unconfigured_applies_fail_with_the_reason()
    {
        await using var provider = await ProviderClient.StartAsync(new ProviderLaunchOptions { ExecutablePath = Binary });
        var lifecycle = new ResourceLifecycle(provider);

        var unknown = await lifecycle.PlanAsync("test_thng", null, CtyValue.Null(CtyType.EmptyObject));
        Assert.Contains(unknown.Diagnostics, d => d.Detail.Contains("\"test_thing\"", StringComparison.Ordinal));

        var block = (await provider.GetProviderSchemaAsync()).Schema!.ResourceTypes["test_thing"].Block;
        var plan = await lifecycle.PlanAsync("test_thing", null, ObjectShape.FromPlainJson(block, """{ "name": "a" }"""));
        var applied = await lifecycle.ApplyAsync(plan);
        Assert.Contains(applied.Diagnostics, d => d.Summary == "Provider not configured");
    }
}
