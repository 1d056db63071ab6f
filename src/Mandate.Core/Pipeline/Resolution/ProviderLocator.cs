namespace Mandate.Core.Pipeline.Resolution;

using System.Collections.Concurrent;
using Mandate.Core.Model;
using Mandate.Providers.Registry;

/// <summary>
/// Which provider serves a resource type in a project, and where its binary is: the type's prefix names the
/// provider (<c>aws_s3_bucket</c> → <c>aws</c>); a project requirement with that type name supplies the
/// namespace, host and version constraint, otherwise <c>registry.terraform.io/hashicorp/&lt;name&gt;</c> at its
/// newest available version. Binaries come from filesystem mirrors only (no network at operation time).
/// </summary>
internal sealed class ProviderLocator
{
    private readonly IProviderSource _source;
    private readonly ProviderInstaller _installer;
    private readonly ConcurrentDictionary<(string Address, string Constraint), Lazy<Task<InstalledProvider>>> _installed = new();

    public ProviderLocator(ProviderResolverOptions options)
    {
        Mirrors = MirrorList(options);
        var cache = options.InstallCacheDirectory ?? Path.Combine(Path.GetTempPath(), "mandate-provider-cache");
        _source = ProviderSources.Create(cache, Mirrors, registry: null);
        // No registry in the chain, so the HTTP client is never used; the installer still unpacks zipped mirror packages.
        var http = new HttpClient();
        _installer = new ProviderInstaller(_source, cache, http, new PackageAuthenticator(http));
    }

    /// <summary>The mirror directories searched, in order (for error messages and docs).</summary>
    public IReadOnlyList<string> Mirrors { get; }

    /// <summary>The provider address and version constraint for <paramref name="resourceType"/> in <paramref name="project"/>.</summary>
    public static (ProviderAddress Address, VersionConstraints Constraints) Requirement(ProjectRecord project, string resourceType)
    {
        var separator = resourceType.IndexOf('_', StringComparison.Ordinal);
        if (separator <= 0)
        {
            throw new MandateException(MandateErrorCodes.InvalidArgument,
                $"resource type '{resourceType}' does not name a provider; resource types start with the provider's name, e.g. 'aws_s3_bucket'");
        }

        var name = resourceType[..separator];
        foreach (var requirement in project.Providers)
        {
            if (!ProviderAddress.TryParse(requirement.Source, out var address, out var error))
            {
                throw new MandateException(MandateErrorCodes.InvalidArgument,
                    $"project '{project.Name}' requires provider '{requirement.Source}', which is not a provider address ({error})");
            }

            if (address.Type == name)
            {
                return (address, Constraints(project, requirement));
            }
        }

        return (ProviderAddress.Create(ProviderAddress.DefaultRegistryHost, ProviderAddress.DefaultNamespace, name), VersionConstraints.Any);
    }

    /// <summary>The installed binary of the newest version the constraints allow; looked up once per (provider, constraint).</summary>
    public async Task<InstalledProvider> LocateAsync(ProviderAddress address, VersionConstraints constraints, CancellationToken cancellationToken)
    {
        var key = (address.ToString(), constraints.ToString());
        var lazy = _installed.GetOrAdd(key, _ => new Lazy<Task<InstalledProvider>>(() => InstallAsync(address, constraints)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (MandateException)
        {
            // A provider placed in a mirror later is found on the next call.
            _installed.TryRemove(new KeyValuePair<(string, string), Lazy<Task<InstalledProvider>>>(key, lazy));
            throw;
        }
    }

    private async Task<InstalledProvider> InstallAsync(ProviderAddress address, VersionConstraints constraints)
    {
        try
        {
            return await _installer.InstallAsync(address, constraints, ProviderPlatform.Current, CancellationToken.None);
        }
        catch (ProviderInstallException e)
        {
            var wanted = constraints.Items.Count == 0 ? "any version" : $"version {constraints}";
            throw new MandateException(MandateErrorCodes.ProviderError,
                $"provider {address.ForDisplay()} ({wanted}) is not installed in any mirror ({string.Join(", ", Mirrors)}): {e.Message} " +
                "Place it in one of them laid out as host/namespace/type/version/os_arch/, or change the project's version constraint.",
                new Dictionary<string, object?> { ["provider"] = address.ToString(), ["mirrors"] = Mirrors });
        }
    }

    private static VersionConstraints Constraints(ProjectRecord project, ProviderRequirement requirement)
    {
        if (string.IsNullOrWhiteSpace(requirement.VersionConstraint))
        {
            return VersionConstraints.Any;
        }

        try
        {
            return VersionConstraints.Parse(requirement.VersionConstraint);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or ProviderInstallException)
        {
            throw new MandateException(MandateErrorCodes.InvalidArgument,
                $"project '{project.Name}' has version constraint '{requirement.VersionConstraint}' for {requirement.Source}, which is not valid ({e.Message}); write e.g. '~> 5.100'");
        }
    }

    private static List<string> MirrorList(ProviderResolverOptions options)
    {
        var mirrors = new List<string>(options.MirrorDirectories);
        if (options.UseStandardMirrors)
        {
            mirrors.AddRange(ProviderSources.StandardMirrorDirectories());
        }

        return mirrors.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList();
    }
}
