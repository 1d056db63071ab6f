namespace Mandate.Core.Tests.Integrations;

using System.Text.Json.Nodes;
using Mandate.Core.Integrations;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Secrets;
using Mandate.Core.Stores;
using Mandate.Storage;

/// <summary>The integration service on a real SQLite store: validation, encryption at rest, redacted reads, attachments.</summary>
public sealed class IntegrationServiceTests : IAsyncLifetime
{
    private const string SecretValue = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";
    private static readonly Actor Alice = new("usr_alice", "Alice");
    private readonly string _directory = Directory.CreateTempSubdirectory("mandate-integrations-").FullName;
    private readonly SecretProtector _protector = new(SecretKey.Generate());
    private IMandateStore _store = null!;
    private IntegrationService _service = null!;

    public async Task InitializeAsync()
    {
        _store = MandateStores.OpenSqlite(Path.Combine(_directory, "m.db"));
        await _store.MigrateAsync();
        _service = new IntegrationService(_store, _protector, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_secret_is_stored_encrypted_and_reads_show_only_that_it_is_set()
    {
        var view = await _service.CreateAsync(Alice, Aws("prod", secrets: new Dictionary<string, string?> { ["secret_key"] = SecretValue, ["access_key"] = "AKIAEXAMPLE" }));

        var stored = (await _store.Integrations.GetAsync(view.Id))!;
        var read = await _service.GetAsync(view.Id);

        Assert.StartsWith(SecretProtector.FormatPrefix, stored.Secrets["secret_key"], StringComparison.Ordinal);
        Assert.DoesNotContain(SecretValue, stored.Secrets["secret_key"], StringComparison.Ordinal);
        Assert.Equal(new SecretFieldView(true, Redaction.Marker), read.Secrets["secret_key"]);
        Assert.Equal(new SecretFieldView(false, null), read.Secrets["session_token"]);
        Assert.Equal("eu-west-1", read.Settings["region"]!.GetValue<string>());
        Assert.DoesNotContain(SecretValue, System.Text.Json.JsonSerializer.Serialize(read), StringComparison.Ordinal);
        Assert.Equal(SecretValue, IntegrationService.OpenSecrets(_protector, stored)["secret_key"]);
    }

    [Fact]
    public async Task An_unknown_kind_is_refused_with_the_accepted_kinds_and_the_closest_one()
    {
        var failure = await Assert.ThrowsAsync<MandateException>(() => _service.CreateAsync(Alice, new IntegrationCreate("root", "x", "awz")));

        Assert.Equal(MandateErrorCodes.InvalidArgument, failure.Code);
        Assert.Contains("'awz'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("aws, azure, gcp, generic", failure.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'aws'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_settings_get_the_closest_valid_names_and_a_secret_in_settings_is_sent_to_secrets()
    {
        var settings = new JsonObject { ["regoin"] = "eu-west-1", ["endpionts"] = new JsonObject(), ["secret_key"] = SecretValue };

        var failure = await Assert.ThrowsAsync<MandateException>(() => _service.CreateAsync(Alice, new IntegrationCreate("root", "x", "aws", settings)));

        Assert.Contains("unknown setting 'regoin'; did you mean 'region'?", failure.Message, StringComparison.Ordinal);
        Assert.Contains("unknown setting 'endpionts'; did you mean 'endpoints'?", failure.Message, StringComparison.Ordinal);
        Assert.Contains("'secret_key' is a secret: pass it under secrets", failure.Message, StringComparison.Ordinal);
        Assert.Contains("setting 'region' is required", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretValue, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_setting_types_and_unknown_secret_names_are_named()
    {
        var badType = await Assert.ThrowsAsync<MandateException>(() => _service.CreateAsync(Alice,
            new IntegrationCreate("root", "x", "aws", new JsonObject { ["region"] = 5, ["endpoints"] = new JsonObject { ["dynamodb"] = 1 } })));
        var badSecret = await Assert.ThrowsAsync<MandateException>(() => _service.CreateAsync(Alice,
            Aws("y", secrets: new Dictionary<string, string?> { ["secret_kye"] = SecretValue })));

        Assert.Contains("setting 'region' must be a string", badType.Message, StringComparison.Ordinal);
        Assert.Contains("setting 'endpoints' must be an object whose values are strings", badType.Message, StringComparison.Ordinal);
        Assert.Contains("secret 'secret_kye' is not accepted by a aws integration (did you mean 'secret_key'?)", badSecret.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretValue, badSecret.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_sets_and_clears_secrets_replaces_settings_and_flips_read_only()
    {
        var created = await _service.CreateAsync(Alice, Aws("rotating", secrets: new Dictionary<string, string?> { ["access_key"] = "AKIA1", ["secret_key"] = "old-secret" }));

        var updated = await _service.UpdateAsync(Alice, created.Id, new IntegrationChange(
            new JsonObject { ["region"] = "us-east-2" }, new Dictionary<string, string?> { ["secret_key"] = "new-secret", ["access_key"] = null }, ReadOnly: true));
        var stored = (await _store.Integrations.GetAsync(created.Id))!;

        Assert.True(updated.ReadOnly);
        Assert.Equal("us-east-2", updated.Settings["region"]!.GetValue<string>());
        Assert.False(updated.Secrets["access_key"].IsSet);
        Assert.True(updated.Secrets["secret_key"].IsSet);
        Assert.Equal(new Dictionary<string, string> { ["secret_key"] = "new-secret" }, IntegrationService.OpenSecrets(_protector, stored));
    }

    [Fact]
    public async Task A_secret_copied_to_another_integration_does_not_decrypt()
    {
        var first = await _service.CreateAsync(Alice, Aws("first", secrets: new Dictionary<string, string?> { ["secret_key"] = SecretValue }));
        var second = await _service.CreateAsync(Alice, Aws("second"));
        var stolen = (await _store.Integrations.GetAsync(first.Id))!.Secrets["secret_key"];
        var target = (await _store.Integrations.GetAsync(second.Id))!;
        await _store.Integrations.UpdateAsync(target with { Secrets = new Dictionary<string, string> { ["secret_key"] = stolen } });

        var moved = (await _store.Integrations.GetAsync(second.Id))!;
        var failure = Assert.Throws<MandateException>(() => IntegrationService.OpenSecrets(_protector, moved));

        Assert.Equal(SecretErrorCodes.SecretUnreadable, failure.Code);
        Assert.DoesNotContain(SecretValue, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attaching_checks_the_provider_and_the_space_and_an_attached_integration_cannot_be_deleted()
    {
        var project = new ProjectRecord(Ids.New("prj"), "root", "web", "", [], [], Alice.Id, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        await _store.Projects.CreateAsync(project);
        var aws = await _service.CreateAsync(Alice, Aws("cloud"));
        var elsewhere = await _service.CreateAsync(Alice, Aws("other-team") with { SpaceId = "team-b" });

        var attached = await _service.AttachAsync(Alice, project.Id, "hashicorp/aws", aws.Id);
        var wrongProvider = await Assert.ThrowsAsync<MandateException>(() => _service.AttachAsync(Alice, project.Id, "hashicorp/google", aws.Id));
        var wrongSpace = await Assert.ThrowsAsync<MandateException>(() => _service.AttachAsync(Alice, project.Id, "hashicorp/aws", elsewhere.Id));
        var inUse = await Assert.ThrowsAsync<MandateException>(() => _service.DeleteAsync(aws.Id));

        Assert.Equal("registry.terraform.io/hashicorp/aws", attached.ProviderSource);
        Assert.Equal([aws.Id], (await _service.AttachmentsAsync(project.Id)).Select(a => a.IntegrationId));
        Assert.Contains("use a generic integration for registry.terraform.io/hashicorp/google", wrongProvider.Message, StringComparison.Ordinal);
        Assert.Equal(MandateErrorCodes.Forbidden, wrongSpace.Code);
        Assert.Equal(MandateErrorCodes.Conflict, inUse.Code);
        Assert.True(await _service.DetachAsync(project.Id, "registry.terraform.io/hashicorp/aws"));
        await _service.DeleteAsync(aws.Id);
        Assert.Equal(MandateErrorCodes.NotFound, (await Assert.ThrowsAsync<MandateException>(() => _service.GetAsync(aws.Id))).Code);
    }

    [Fact]
    public async Task A_generic_integration_takes_a_raw_provider_config_and_any_attribute_named_secret()
    {
        var view = await _service.CreateAsync(Alice, new IntegrationCreate("root", "raw", "generic",
            new JsonObject { ["provider_config"] = new JsonObject { ["endpoint"] = "https://example.test" } },
            new Dictionary<string, string?> { ["api_token"] = SecretValue }));
        var badName = await Assert.ThrowsAsync<MandateException>(() => _service.CreateAsync(Alice, new IntegrationCreate("root", "raw2", "generic",
            Secrets: new Dictionary<string, string?> { ["Bad-Name"] = "x" })));

        Assert.True(view.Secrets["api_token"].IsSet);
        Assert.Contains("'Bad-Name' is not a provider attribute name", badName.Message, StringComparison.Ordinal);
    }

    private static IntegrationCreate Aws(string name, IReadOnlyDictionary<string, string?>? secrets = null) =>
        new("root", name, "aws", new JsonObject { ["region"] = "eu-west-1" }, secrets);
}
