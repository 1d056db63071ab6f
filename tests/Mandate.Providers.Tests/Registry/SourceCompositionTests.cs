using Mandate.Providers.Registry;

namespace Mandate.Providers.Tests.Registry;

public sealed class SourceCompositionTests
{
    private static readonly ProviderAddress Aws = ProviderAddress.Parse("hashicorp/aws");
    private static readonly ProviderPlatform Linux = new("linux", "amd64");

    private static ValueTask<ProviderVersion> Select(IProviderSource source, string constraints) =>
        source.SelectVersionAsync(Aws, VersionConstraints.Parse(constraints), Linux, CancellationToken.None);

    [Fact]
    public async Task Multi_selects_from_the_first_source_with_a_match_and_does_not_ask_later_ones()
    {
        var mirror = new FakeProviderSource("mirror", "5.100.0");
        var registry = new FakeProviderSource("registry", "5.100.0", "5.101.0");
        var multi = new MultiSource([mirror, registry]);

        Assert.Equal("5.100.0", (await Select(multi, "~> 5.0")).ToString());
        Assert.Equal(0, registry.ListCalls);
        Assert.Equal("/mirror", ((PackageLocalDirectory)(await multi.PackageMetaAsync(Aws, ProviderVersion.Parse("5.100.0"), Linux, default)).Location).Path);

        // A constraint the mirror cannot meet falls through to the registry.
        Assert.Equal("5.101.0", (await Select(multi, ">= 5.101")).ToString());
        Assert.Equal(1, registry.ListCalls);
        Assert.Equal("/registry", ((PackageLocalDirectory)(await multi.PackageMetaAsync(Aws, ProviderVersion.Parse("5.101.0"), Linux, default)).Location).Path);
    }

    [Fact]
    public async Task Multi_lists_the_union_of_versions()
    {
        var multi = new MultiSource([new FakeProviderSource("a", "1.0.0"), new FakeProviderSource("b"), new FakeProviderSource("c", "1.0.0", "2.0.0")]);
        var versions = await multi.AvailableVersionsAsync(Aws, default);
        Assert.Equal(["1.0.0", "2.0.0"], versions.Select(v => v.Version.ToString()).Order());
    }

    [Fact]
    public async Task Multi_reports_the_most_specific_absence_and_propagates_real_failures()
    {
        var multi = new MultiSource([new FakeProviderSource("empty"), new FakeProviderSource("old", "1.0.0")]);
        await Assert.ThrowsAsync<VersionNotFoundException>(() => Select(multi, ">= 2").AsTask());

        var broken = new FakeProviderSource("broken", "1.0.0") { Failure = new ChecksumMismatchException("bad") };
        var withBroken = new MultiSource([broken, new FakeProviderSource("good", "1.0.0")]);
        await Assert.ThrowsAsync<ChecksumMismatchException>(() => Select(withBroken, ">= 1").AsTask());
    }

    [Fact]
    public async Task Memoizing_asks_once_even_for_concurrent_callers_and_forgets_failures()
    {
        var inner = new FakeProviderSource("slow", "1.0.0") { Delay = TimeSpan.FromMilliseconds(100) };
        var memo = new MemoizingSource(inner);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => memo.AvailableVersionsAsync(Aws, default).AsTask()));
        Assert.All(results, r => Assert.Equal("1.0.0", Assert.Single(r).Version.ToString()));
        Assert.Equal(1, inner.ListCalls);

        var flaky = new FakeProviderSource("flaky", "1.0.0") { Failure = new HostUnreachableException("h", "down") };
        var memoFlaky = new MemoizingSource(flaky);
        await Assert.ThrowsAsync<HostUnreachableException>(() => memoFlaky.AvailableVersionsAsync(Aws, default).AsTask());
        flaky.Failure = null;
        Assert.Single(await memoFlaky.AvailableVersionsAsync(Aws, default));
        Assert.Equal(2, flaky.ListCalls);
    }

    [Fact]
    public async Task Memoizing_keeps_the_inner_first_match_selection()
    {
        var mirror = new FakeProviderSource("mirror", "1.0.0");
        var registry = new FakeProviderSource("registry", "1.0.0", "1.5.0");
        var memo = new MemoizingSource(new MultiSource([mirror, registry]));

        Assert.Equal("1.0.0", (await Select(memo, "~> 1.0")).ToString());
        Assert.Equal("1.0.0", (await Select(memo, "~> 1.0")).ToString());
        Assert.Equal(1, mirror.ListCalls);
        Assert.Equal(0, registry.ListCalls);
    }
}
