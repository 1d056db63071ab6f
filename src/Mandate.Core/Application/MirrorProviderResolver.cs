namespace Mandate.Core.Application;

using System.Collections.Concurrent;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Providers.Cty;
using Mandate.Providers.Pool;
using Mandate.Providers.Registry;

/// <summary>
/// The embedded default <see cref="IProviderResolver"/>: finds a resource type's provider in Terraform
/// filesystem mirrors (never the network) and runs it with an empty configuration, which the pool
/// completes from the provider's schema (so the provider reads its usual environment). The provider is the
/// project requirement whose type prefixes the resource type (<c>aws</c> for <c>aws_s3_bucket</c>), or
/// <c>hashicorp/&lt;prefix&gt;</c>; its version is the newest the requirement's constraint allows.
/// </summary>
public sealed class MirrorProviderResolver : IProviderResolver, IAsyncDisposable
{
    private readonly IProviderSource _source;
    private readonly List<string> _mirrors;
    private readonly HttpClient _http = new();
    private readonly ProviderInstaller _installer;
    private readonly ConcurrentDictionary<(string Address, string Constraint), Lazy<Task<ProviderSpec>>> _resolved = new();

    /// <summary>Resolves from <paramref name="mirrorDirectories"/> (those that exist), unpacking archives into <paramref name="cacheDirectory"/>.</summary>
    public MirrorProviderResolver(IEnumerable<string> mirrorDirectories, string cacheDirectory)
    {
        ArgumentNullException.ThrowIfNull(mirrorDirectories);
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheDirectory);
        _mirrors = mirrorDirectories.Where(Directory.Exists).Distinct(StringComparer.Ordinal).ToList();
        _source = ProviderSources.Create(cacheDirectory, _mirrors, registry: null);
        _installer = new ProviderInstaller(_source, cacheDirectory, _http, new PackageAuthenticator(_http));
    }

    /// <summary>The standard mirror directories (<see cref="ProviderSources.StandardMirrorDirectories"/>).</summary>
    public static IReadOnlyList<string> DefaultMirrorDirectories() => ProviderSources.StandardMirrorDirectories();

    /// <inheritdoc />
    public Task<ProviderSpec> ResolveAsync(ProjectRecord project, string resourceType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceType);
        var prefix = resourceType.Split('_', 2)[0];
        var requirement = project.Providers.FirstOrDefault(p =>
            ProviderAddress.TryParse(p.Source, out var address, out _) && string.Equals(address.Type, prefix, StringComparison.Ordinal));
        var provider = requirement is null ? ProviderAddress.Create(ProviderAddress.DefaultRegistryHost, ProviderAddress.DefaultNamespace, prefix)
            : ProviderAddress.Parse(requirement.Source);
        var constraint = requirement?.VersionConstraint ?? string.Empty;
        var lazy = _resolved.GetOrAdd((provider.ToString(), constraint), _ => new Lazy<Task<ProviderSpec>>(() => InstallAsync(provider, constraint)));
        return lazy.Value.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<ProviderSpec> InstallAsync(ProviderAddress provider, string constraint)
    {
        try
        {
            var constraints = string.IsNullOrWhiteSpace(constraint) ? VersionConstraints.Any : VersionConstraints.Parse(constraint);
            var installed = await _installer.InstallAsync(provider, constraints, null, CancellationToken.None);
            return new ProviderSpec(provider.ToString(), installed.Version.ToString(), installed.ExecutablePath, CtyValue.EmptyObject);
        }
        catch (Exception e) when (e is ProviderInstallException or FormatException or IOException)
        {
            _resolved.TryRemove((provider.ToString(), constraint), out _);
            throw new MandateException(MandateErrorCodes.ProviderError,
                $"provider {provider.ForDisplay()} {constraint} is not available here: {e.Message} (looked in {(_mirrors.Count == 0 ? "no existing mirror directory" : string.Join(", ", _mirrors))}); " +
                "install it into a Terraform filesystem mirror such as ~/.terraform.d/plugins",
                new Dictionary<string, object?> { ["provider"] = provider.ToString() });
        }
    }
}
