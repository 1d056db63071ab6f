namespace Mandate.Core.Pipeline.Resolution;

using System.Collections.Concurrent;
using Mandate.Providers;
using Mandate.Providers.Messages;
using Mandate.Providers.Plugin;
using Mandate.Providers.Registry;
using Mandate.Providers.Schema;

/// <summary>
/// Provider schemas for building configurations: read once per binary from an unconfigured instance (the
/// configuration cannot be typed before the schema is known), kept in memory, and in the persistent
/// <see cref="SchemaCache"/> when one is given, so a restart does not pay the ~1 s GetSchema again.
/// </summary>
internal sealed class ProviderSchemas(SchemaCache? cache)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ProviderSchema>>> _schemas = new(StringComparer.Ordinal);

    public async Task<ProviderSchema> GetAsync(InstalledProvider installed, CancellationToken cancellationToken)
    {
        var lazy = _schemas.GetOrAdd(installed.ExecutablePath, _ => new Lazy<Task<ProviderSchema>>(() => LoadAsync(installed)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (MandateException)
        {
            _schemas.TryRemove(new KeyValuePair<string, Lazy<Task<ProviderSchema>>>(installed.ExecutablePath, lazy));
            throw;
        }
    }

    private async Task<ProviderSchema> LoadAsync(InstalledProvider installed)
    {
        if (cache is null)
        {
            return await FetchAsync(installed, CancellationToken.None);
        }

        var sha = await ProviderBinaryHash.GetSha256Async(installed.ExecutablePath, cache.Directory);
        var key = new SchemaCacheKey(installed.Provider.ToString(), installed.Version.ToString(), sha);
        var cached = await cache.GetOrAddAsync(key, ct => new ValueTask<ProviderSchema>(FetchAsync(installed, ct)));
        return cached.ToProviderSchema();
    }

    private static async Task<ProviderSchema> FetchAsync(InstalledProvider installed, CancellationToken cancellationToken)
    {
        // Trace logs off: the AWS provider writes ~1.3 MB of them per GetSchema otherwise.
        var launch = new ProviderLaunchOptions
        {
            ExecutablePath = installed.ExecutablePath,
            Environment = new Dictionary<string, string?> { ["TF_LOG"] = "off", ["TF_LOG_SDK"] = "off" },
        };
        await using var provider = await ProviderClient.StartAsync(launch, cancellationToken: cancellationToken);
        var response = await provider.GetProviderSchemaAsync(cancellationToken);
        return response.Schema ?? throw new MandateException(MandateErrorCodes.ProviderError,
            $"provider {installed.Provider.ForDisplay()} {installed.Version} did not return its schema: {response.Diagnostics.Describe()}");
    }
}
