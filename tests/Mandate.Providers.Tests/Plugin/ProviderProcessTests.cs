using System.Diagnostics;
using Mandate.Providers.Grpc;
using Mandate.Providers.Plugin;
using Mandate.Providers.Protocols.Wire;
using Mandate.Providers.Tests.Support;
using Mandate.TestFixtures.Xunit;

namespace Mandate.Providers.Tests.Plugin;

/// <summary>Launch, handshake, AutoMTLS, a real call and a graceful stop against the real AWS provider.</summary>
public sealed class ProviderProcessTests
{
    [Theory]
    [InlineData("/opt/tf-plugins/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/terraform-provider-aws_v5.100.0_x5", "TF_LOG_PROVIDER_AWS")]
    [InlineData("terraform-provider-google-beta_v6.1.0_x5", "TF_LOG_PROVIDER_GOOGLE_BETA")]
    [InlineData("terraform-provider-azurerm", "TF_LOG_PROVIDER_AZURERM")]
    [InlineData("/usr/bin/some-other-plugin", null)]
    [InlineData("terraform-provider-", null)]
    public void The_providers_own_named_logger_is_turned_off_by_the_variable_named_after_its_binary(string path, string? expected) =>
        Assert.Equal(expected, ProviderProcess.NamedProviderLogVariable(path));

    [RequiresAwsProviderFact]
    public async Task Launch_with_mtls_serves_the_schema_and_shutdown_ends_the_process()
    {
        var log = new RecordingLog();
        var provider = await ProviderProcess.StartAsync(new ProviderLaunchOptions { ExecutablePath = AwsProviderRequirement.Get().BinaryPath, Log = log });
        var pid = provider.ProcessId;
        try
        {
            Assert.Equal(5, provider.ProtocolVersion);
            var schema = await provider.Grpc.CallAsync("/tfplugin5.Provider/GetSchema", new GetProviderSchema.Types.Request(),
                GetProviderSchema.Types.Response.Parser, TimeSpan.FromSeconds(60), CancellationToken.None);
            Assert.True(schema.ResourceSchemas.ContainsKey("aws_dynamodb_table"));
            Assert.True(schema.ResourceSchemas.Count > 1000, $"only {schema.ResourceSchemas.Count} resource types");
        }
        finally
        {
            await provider.StopAsync();
        }

        Assert.True(provider.HasExited);
        Assert.False(ProcessIsAlive(pid), $"provider {pid} still running after StopAsync");
        Assert.DoesNotContain(log.Lines, l => l.Message == "killed");
    }

    [RequiresAwsProviderFact]
    public async Task Unknown_method_is_reported_as_unimplemented_from_a_trailers_only_response()
    {
        await using var provider = await ProviderProcess.StartAsync(new ProviderLaunchOptions { ExecutablePath = AwsProviderRequirement.Get().BinaryPath });
        var failure = await Assert.ThrowsAsync<GrpcCallException>(() => provider.Grpc.CallAsync("/tfplugin5.Provider/NoSuchMethod",
            new GetProviderSchema.Types.Request(), GetProviderSchema.Types.Response.Parser, TimeSpan.FromSeconds(10), CancellationToken.None));
        Assert.Equal(GrpcStatusCode.Unimplemented, failure.Status);
        Assert.Contains("NoSuchMethod", failure.StatusMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_binary_is_a_clear_launch_error()
    {
        var failure = await Assert.ThrowsAsync<ProviderLaunchException>(() =>
            ProviderProcess.StartAsync(new ProviderLaunchOptions { ExecutablePath = "/nonexistent/terraform-provider-x" }));
        Assert.Contains("/nonexistent/terraform-provider-x", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_binary_that_is_not_a_plugin_fails_the_handshake_with_its_stderr()
    {
        using var script = new ScriptFile("fake-provider", "#!/bin/sh\necho 'this is not a plugin' >&2\nexit 3\n");
        var failure = await Assert.ThrowsAsync<ProviderLaunchException>(() =>
            ProviderProcess.StartAsync(new ProviderLaunchOptions { ExecutablePath = script.Path }));
        Assert.Contains("exited before its handshake", failure.Message, StringComparison.Ordinal);
        Assert.Contains("this is not a plugin", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plugin_offering_plaintext_when_mtls_was_requested_is_refused()
    {
        using var script = new ScriptFile("plaintext-provider", "#!/bin/sh\necho '1|5|unix|/tmp/none.sock|grpc|'\nsleep 30\n");
        var failure = await Assert.ThrowsAsync<ProviderLaunchException>(() =>
            ProviderProcess.StartAsync(new ProviderLaunchOptions { ExecutablePath = script.Path }));
        Assert.Contains("plaintext", failure.Message, StringComparison.Ordinal);
    }

    internal static bool ProcessIsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>An executable shell script in a temporary directory of its own, deleted on dispose.</summary>
    private sealed class ScriptFile : IDisposable
    {
        private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("mandate-test-");

        public ScriptFile(string name, string text)
        {
            Path = System.IO.Path.Combine(_directory.FullName, name);
            File.WriteAllText(Path, text);
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        }

        public string Path { get; }

        public void Dispose() => _directory.Delete(recursive: true);
    }
}
