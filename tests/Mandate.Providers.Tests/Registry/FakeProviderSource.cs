using Mandate.Providers.Registry;

namespace Mandate.Providers.Tests.Registry;

/// <summary>An in-memory source that counts calls and can be told to fail, for composition tests.</summary>
internal sealed class FakeProviderSource(string name, params string[] versions) : IProviderSource
{
    private int _listCalls;

    public int ListCalls => _listCalls;

    public int MetaCalls { get; private set; }

    public ProviderInstallException? Failure { get; set; }

    public TimeSpan Delay { get; set; }

    public string Description => name;

    public async ValueTask<IReadOnlyList<AvailableVersion>> AvailableVersionsAsync(ProviderAddress provider, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _listCalls);
        if (Delay > TimeSpan.Zero)
            await Task.Delay(Delay, cancellationToken);
        if (Failure is not null)
            throw Failure;
        if (versions.Length == 0)
            throw new ProviderNotFoundException(provider, $"{provider} not in {name}");
        return versions.Select(v => new AvailableVersion(ProviderVersion.Parse(v), [], [new ProviderPlatform("linux", "amd64")])).ToList();
    }

    public ValueTask<PackageMeta> PackageMetaAsync(ProviderAddress provider, ProviderVersion version, ProviderPlatform platform, CancellationToken cancellationToken)
    {
        MetaCalls++;
        if (Failure is not null)
            throw Failure;
        if (!versions.Contains(version.ToString()))
            throw new ProviderPlatformNotSupportedException(provider, version, platform, $"{version} not in {name}");
        return ValueTask.FromResult(new PackageMeta(provider, version, platform, [], "", new PackageLocalDirectory("/" + name), null));
    }
}
