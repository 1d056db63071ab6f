namespace Mandate.Mcp.Providers;

using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Mandate.Core;
using Mandate.Providers;
using Mandate.Providers.Messages;
using Mandate.Providers.Plugin;
using Mandate.Providers.Schema;

/// <summary>
/// Providers found in local filesystem mirrors laid out as Terraform's <c>-plugin-dir</c>
/// (<c>&lt;root&gt;/&lt;host&gt;/&lt;namespace&gt;/&lt;type&gt;/&lt;version&gt;/&lt;os&gt;_&lt;arch&gt;/terraform-provider-&lt;type&gt;*</c>).
/// A schema is read by starting the provider unconfigured once per version and kept in memory: the AWS
/// provider needs about a second of CPU to produce its schema.
/// </summary>
public sealed class MirrorProviderCatalog(IReadOnlyList<string> roots) : IProviderCatalog
{
    private readonly ConcurrentDictionary<(string, string), Lazy<Task<ProviderSchemaView>>> _schemas = new();

    public IReadOnlyList<ProviderListing> Search(string? query)
    {
        var all = Scan();
        var words = (query ?? "").ToLowerInvariant().Split([' ', ',', '/', '-', '_'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w is not ("provider" or "providers" or "terraform" or "a" or "the" or "for"))
            .ToList();
        if (words.Count == 0)
        {
            return all;
        }

        return [.. all.Where(p => words.Any(w => p.Address.Contains(w, StringComparison.OrdinalIgnoreCase) || Aliases(p.TypeName).Contains(w)))];
    }

    public async Task<ProviderSchemaView> GetSchemaAsync(string provider, string? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var all = Scan();
        var wanted = provider.Trim().ToLowerInvariant();
        var listing = all.FirstOrDefault(p => p.Address == wanted || p.ShortName == wanted || p.TypeName == wanted)
            ?? throw new MandateException(MandateErrorCodes.NotFound,
                $"no provider '{provider}' here; available: {(all.Count == 0 ? "none (no provider mirror found)" : string.Join(", ", all.Select(p => p.ShortName)))}",
                new Dictionary<string, object?> { ["available"] = all.Select(p => p.ShortName).ToArray() });
        var chosen = version ?? listing.Versions[0];
        if (!listing.Versions.Contains(chosen))
        {
            throw new MandateException(MandateErrorCodes.NotFound,
                $"provider {listing.ShortName} has no version '{version}' here; available: {string.Join(", ", listing.Versions)}");
        }

        var lazy = _schemas.GetOrAdd((listing.Address, chosen), _ => new Lazy<Task<ProviderSchemaView>>(() => LoadAsync(listing, chosen)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            // A failed launch is not cached: the next call tries again.
            _schemas.TryRemove(new KeyValuePair<(string, string), Lazy<Task<ProviderSchemaView>>>((listing.Address, chosen), lazy));
            throw;
        }
    }

    private async Task<ProviderSchemaView> LoadAsync(ProviderListing listing, string version)
    {
        var binary = FindBinary(listing, version) ?? throw new MandateException(MandateErrorCodes.NotFound,
            $"provider {listing.ShortName} {version} has no binary for {Platform()} in the mirror");
        await using var provider = await ProviderClient.StartAsync(new ProviderLaunchOptions { ExecutablePath = binary });
        var response = await provider.GetProviderSchemaAsync();
        if (response.Schema is null || response.Diagnostics.HasErrors())
        {
            throw new MandateException(MandateErrorCodes.ProviderError,
                $"provider {listing.ShortName} {version} did not return its schema: {response.Diagnostics.Describe()}");
        }

        return new ProviderSchemaView(listing, version, response.Schema);
    }

    private List<ProviderListing> Scan()
    {
        var found = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var root in roots.Where(Directory.Exists))
        {
            foreach (var typeDir in SafeDirectories(root).SelectMany(SafeDirectories).SelectMany(SafeDirectories))
            {
                var address = Path.GetRelativePath(root, typeDir).Replace('\\', '/').ToLowerInvariant();
                foreach (var versionDir in SafeDirectories(typeDir).Where(v => Directory.Exists(Path.Combine(v, Platform()))))
                {
                    if (!found.TryGetValue(address, out var versions))
                    {
                        found[address] = versions = new SortedSet<string>(VersionOrder.Instance);
                    }

                    versions.Add(Path.GetFileName(versionDir));
                }
            }
        }

        return [.. found.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new ProviderListing(kv.Key, [.. kv.Value.Reverse()]))];
    }

    private string? FindBinary(ProviderListing listing, string version)
    {
        foreach (var root in roots)
        {
            var dir = Path.Combine(root, listing.Address, version, Platform());
            if (Directory.Exists(dir)
                && Directory.EnumerateFiles(dir, $"terraform-provider-{listing.TypeName}*").FirstOrDefault() is { } binary)
            {
                return binary;
            }
        }

        return null;
    }

    private static IEnumerable<string> SafeDirectories(string path)
    {
        try
        {
            return Directory.GetDirectories(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string Platform()
    {
        var os = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin" : OperatingSystem.IsWindows() ? "windows" : "freebsd";
        var arch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "amd64",
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "386",
            _ => "arm",
        };
        return $"{os}_{arch}";
    }

    // People say "amazon" or "azure" for providers whose type names are aws and azurerm.
    private static HashSet<string> Aliases(string typeName) => typeName switch
    {
        "aws" => new HashSet<string> { "amazon", "aws" },
        "azurerm" => new HashSet<string> { "azure", "microsoft", "azurerm" },
        "google" => new HashSet<string> { "gcp", "google", "gcloud" },
        _ => new HashSet<string> { typeName },
    };

    /// <summary>Orders "5.100.0" after "5.9.1": numerically by dotted component, then by text.</summary>
    private sealed class VersionOrder : IComparer<string>
    {
        public static readonly VersionOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = (x ?? "").Split('.', '-');
            var b = (y ?? "").Split('.', '-');
            for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
            {
                var pa = i < a.Length ? a[i] : "";
                var pb = i < b.Length ? b[i] : "";
                var c = long.TryParse(pa, out var na) && long.TryParse(pb, out var nb) ? na.CompareTo(nb) : string.CompareOrdinal(pa, pb);
                if (c != 0)
                {
                    return c;
                }
            }

            return 0;
        }
    }
}
