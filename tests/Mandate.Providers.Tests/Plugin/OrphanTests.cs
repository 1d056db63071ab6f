using System.Diagnostics;
using System.Globalization;
using Mandate.TestFixtures.Xunit;

namespace Mandate.Providers.Tests.Plugin;

/// <summary>
/// A provider must never outlive the process that started it, even when that process is SIGKILLed and runs no
/// cleanup code at all. A child .NET process launches the real provider and is killed; the provider must follow.
/// </summary>
public sealed class OrphanTests
{
    [RequiresAwsProviderFact]
    public async Task A_provider_dies_when_the_process_that_launched_it_is_SIGKILLed()
    {
        var probe = AppContext.BaseDirectory.Replace("Mandate.Providers.Tests", "Mandate.Providers.OrphanProbe", StringComparison.Ordinal);
        var probeDll = Path.Combine(probe, "Mandate.Providers.OrphanProbe.dll");
        Assert.True(File.Exists(probeDll), $"orphan probe not built at {probeDll}");

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(probeDll);
        info.ArgumentList.Add(AwsProviderRequirement.Get().BinaryPath);
        using var parent = Process.Start(info)!;
        int providerPid;
        string? socketDirectory = null;
        try
        {
            var line = await parent.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(90));
            if (line is null || !line.StartsWith("PID ", StringComparison.Ordinal))
            {
                // Only now: the probe has exited, so its stderr can be read to the end.
                Assert.Fail($"probe printed '{line}'; stderr: {await parent.StandardError.ReadToEndAsync()}");
            }
            providerPid = int.Parse(line.AsSpan(4), CultureInfo.InvariantCulture);
            Assert.True(ProviderProcessTests.ProcessIsAlive(providerPid));

            // The killed parent cannot remove the provider's private socket directory; the test does.
            socketDirectory = SocketDirectoryOf(providerPid);
        }
        finally
        {
            parent.Kill(); // SIGKILL: no finalizers, no exit handlers, nothing of ours runs in the parent
            await parent.WaitForExitAsync();
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (ProviderProcessTests.ProcessIsAlive(providerPid) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.False(ProviderProcessTests.ProcessIsAlive(providerPid), $"provider {providerPid} was orphaned");
        if (socketDirectory is not null && Directory.Exists(socketDirectory))
        {
            Directory.Delete(socketDirectory, recursive: true);
        }
    }

    /// <summary>The PLUGIN_UNIX_SOCKET_DIR the runtime gave the provider, from its environment.</summary>
    private static string? SocketDirectoryOf(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ").Split('\0')
            .FirstOrDefault(v => v.StartsWith("PLUGIN_UNIX_SOCKET_DIR=", StringComparison.Ordinal))?["PLUGIN_UNIX_SOCKET_DIR=".Length..];
}
