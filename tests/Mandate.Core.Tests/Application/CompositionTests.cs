namespace Mandate.Core.Tests.Application;

using System.Text.Json.Nodes;
using Mandate.Core.Application;
using Mandate.Core.Model;
using Mandate.Core.Pipeline.Resolution;
using Mandate.Core.Secrets;
using Mandate.Providers.Cty;
using Mandate.Providers.Schema;
using Mandate.Storage;
using Mandate.TestFixtures.Aws;
using Mandate.TestFixtures.Xunit;

/// <summary>The composed core: its lifecycle, the production resolver's mirror lookup, and schema-driven redaction.</summary>
public sealed class CompositionTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mandate-core-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_core_migrates_runs_its_background_work_and_stops_it_on_dispose()
    {
        var store = MandateStores.OpenSqlite(Path.Combine(_directory, "m.db"));
        var core = await MandateCore.CreateAsync(store, new MandateCoreOptions { ProviderResolver = new CountingResolver() });

        Assert.Single(await core.Store.Spaces.ListAsync()); // migrated: the root space exists
        var report = await core.StartBackgroundAsync();
        Assert.Empty(report.Settled);
        await Assert.ThrowsAsync<InvalidOperationException>(() => core.StartBackgroundAsync());
        Assert.True(await core.StopBackgroundAsync(TimeSpan.FromSeconds(10)));
        await core.StartBackgroundAsync(); // a stopped core can start again

        await core.DisposeAsync();
        await core.DisposeAsync(); // idempotent
        Assert.Empty(core.Pool.ProcessIds);
    }

    [RequiresAwsProviderFact]
    public async Task The_production_resolver_finds_the_aws_provider_in_a_mirror_and_names_the_mirrors_when_a_provider_is_missing()
    {
        var location = AwsProviderLocator.Default!;
        await using var store = MandateStores.OpenSqlite(Path.Combine(_directory, "r.db"));
        await store.MigrateAsync();
        // Ambient credentials: this test is about finding binaries, not about integrations (IntegrationPipelineTests).
        var resolver = new IntegrationProviderResolver(store, new SecretProtector(SecretKey.Generate()), new ProviderResolverOptions
        {
            MirrorDirectories = [location.MirrorRoot, "/does/not/exist"], UseStandardMirrors = false, AllowAmbientCredentials = true,
            InstallCacheDirectory = Path.Combine(_directory, "cache"),
        });
        var now = DateTimeOffset.UtcNow;
        var project = new ProjectRecord("prj_x", "root", "x", "", [], [new ProviderRequirement("hashicorp/aws", "~> 5.0", null)], "t", now, now);

        var spec = await resolver.ResolveAsync(project, "aws_s3_bucket", CancellationToken.None);

        Assert.Equal("registry.terraform.io/hashicorp/aws", spec.Address);
        Assert.Equal(location.Version, spec.Version);
        Assert.True(File.Exists(spec.ExecutablePath));
        Assert.Contains(location.MirrorRoot, resolver.Mirrors);

        var missing = await Assert.ThrowsAsync<MandateException>(() => resolver.ResolveAsync(project, "nosuch_thing", CancellationToken.None));
        Assert.Equal(MandateErrorCodes.ProviderError, missing.Code);
        Assert.Contains("hashicorp/nosuch", missing.Message, StringComparison.Ordinal);
        Assert.Contains(location.MirrorRoot, missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sensitive_paths_come_from_the_schema_at_any_depth_and_redact_config_and_state()
    {
        var block = new SchemaBlock
        {
            Attributes = new Dictionary<string, SchemaAttribute>
            {
                ["name"] = new() { Name = "name", Type = CtyType.String, Optional = true },
                ["password"] = new() { Name = "password", Type = CtyType.String, Optional = true, Sensitive = true },
            },
            BlockTypes = new Dictionary<string, SchemaNestedBlock>
            {
                ["auth"] = new()
                {
                    TypeName = "auth",
                    Nesting = SchemaNesting.List,
                    Block = new SchemaBlock
                    {
                        Attributes = new Dictionary<string, SchemaAttribute>
                        {
                            ["user"] = new() { Name = "user", Type = CtyType.String, Optional = true },
                            ["token"] = new() { Name = "token", Type = CtyType.String, Optional = true, Sensitive = true },
                        },
                    },
                },
            },
        };

        var paths = SensitiveAttributes.Of(block);
        var redacted = SensitiveAttributes.Redact(
            """{"name":"db","password":"hunter2","auth":[{"user":"u","token":"t0k3n"}],"note":"mk1:0123456789abcdef:AAAA"}""", paths)!;

        Assert.Equal(["password", "auth.token"], paths.Order(StringComparer.Ordinal).Reverse());
        Assert.Equal("db", redacted["name"]!.GetValue<string>());
        Assert.Equal(Redaction.Marker, redacted["password"]!.GetValue<string>());
        Assert.Equal(Redaction.Marker, redacted["auth"]![0]!["token"]!.GetValue<string>());
        Assert.Equal("u", redacted["auth"]![0]!["user"]!.GetValue<string>());
        Assert.Equal(Redaction.Marker, redacted["note"]!.GetValue<string>()); // a stored ciphertext never leaves either
        Assert.Null(SensitiveAttributes.Redact("""{"password":"hunter2"}""", null)); // unknown schema: withheld
        Assert.DoesNotContain("hunter2", redacted.ToJsonString(), StringComparison.Ordinal);
        _ = JsonNode.Parse(redacted.ToJsonString());
    }
}
