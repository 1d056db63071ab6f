namespace Mandate.Core.Integrations;

using System.Text.Json.Nodes;
using Mandate.Core.Access;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Secrets;
using Mandate.Core.Stores;
using Mandate.Providers.Registry;

/// <summary>
/// Creates, changes and attaches cloud integrations. Secrets are encrypted with the store's
/// <see cref="SecretProtector"/> before they reach the store, each bound to its integration and field, and no
/// read returns them: a <see cref="IntegrationView"/> says only whether each is set. Authorization is the
/// caller's (the Core facade's) job; this service checks the data.
/// </summary>
public sealed class IntegrationService(IMandateStore store, SecretProtector protector, TimeProvider clock)
{
    /// <summary>The longest secret accepted (a GCP service-account key is a few KB).</summary>
    public const int MaxSecretLength = 64 * 1024;

    public async Task<IntegrationView> CreateAsync(Actor actor, IntegrationCreate request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var kind = IntegrationValidation.ParseKind(request.Kind);
        var spec = IntegrationCatalog.For(kind);
        IntegrationValidation.CheckName(request.Name);
        if (!SpaceId.TryParse(request.SpaceId, out _))
        {
            throw IntegrationValidation.Invalid($"space '{request.SpaceId}' is not a valid space id");
        }

        var settings = request.Settings ?? [];
        IntegrationValidation.CheckSettings(spec, settings);
        var given = request.Secrets ?? new Dictionary<string, string?>();
        IntegrationValidation.CheckSecretNames(spec, given.Keys);
        var id = Ids.New("int", clock);
        var now = clock.GetUtcNow();
        var record = new IntegrationRecord(id, request.SpaceId, request.Name, kind, settings.ToJsonString(),
            Seal(id, new Dictionary<string, string>(StringComparer.Ordinal), given), request.ReadOnly, actor.Id, now, now);
        await store.Integrations.CreateAsync(record, cancellationToken);
        return View(record);
    }

    public async Task<IntegrationView> GetAsync(string integrationId, CancellationToken cancellationToken = default) =>
        View(await RecordAsync(integrationId, cancellationToken));

    public async Task<Page<IntegrationView>> ListAsync(IReadOnlyCollection<string> spaceIds, PageRequest page, CancellationToken cancellationToken = default)
    {
        var records = await store.Integrations.ListAsync(spaceIds, page, cancellationToken);
        return new Page<IntegrationView>(records.Items.Select(View).ToList(), records.NextCursor);
    }

    public async Task<IntegrationView> UpdateAsync(Actor actor, string integrationId, IntegrationChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(change);
        var record = await RecordAsync(integrationId, cancellationToken);
        var spec = IntegrationCatalog.For(record.Kind);
        var settings = change.Settings;
        if (settings is not null)
        {
            IntegrationValidation.CheckSettings(spec, settings);
        }

        var given = change.Secrets ?? new Dictionary<string, string?>();
        IntegrationValidation.CheckSecretNames(spec, given.Keys);
        var updated = record with
        {
            SettingsJson = settings?.ToJsonString() ?? record.SettingsJson,
            Secrets = Seal(record.Id, record.Secrets, given),
            ReadOnly = change.ReadOnly ?? record.ReadOnly,
            UpdatedAt = clock.GetUtcNow(),
        };
        await store.Integrations.UpdateAsync(updated, cancellationToken);
        return View(updated);
    }

    /// <summary>Deletes an integration; refused (naming them) while projects are attached.</summary>
    public async Task DeleteAsync(string integrationId, CancellationToken cancellationToken = default)
    {
        if (!await store.Integrations.DeleteAsync(integrationId, cancellationToken))
        {
            throw Missing(integrationId);
        }
    }

    /// <summary>
    /// Makes the project use the integration for <paramref name="providerSource"/> (e.g. <c>hashicorp/aws</c>),
    /// replacing any earlier choice. The integration must live in the project's space or one above it, and a
    /// cloud kind only configures its own provider.
    /// </summary>
    public async Task<IntegrationAttachment> AttachAsync(Actor actor, string projectId, string providerSource, string integrationId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var project = await store.Projects.GetAsync(projectId, cancellationToken)
            ?? throw new MandateException(MandateErrorCodes.NotFound, $"project '{projectId}' does not exist");
        var integration = await RecordAsync(integrationId, cancellationToken);
        var provider = NormalizeProvider(providerSource);
        var spec = IntegrationCatalog.For(integration.Kind);
        if (spec.DefaultProvider is { } only && only != provider)
        {
            throw IntegrationValidation.Invalid(
                $"a {integration.Kind.ToWire()} integration configures {only}, not {provider}; use a generic integration for {provider}");
        }

        if (!await VisibleFromAsync(integration.SpaceId, project.SpaceId, cancellationToken))
        {
            throw new MandateException(MandateErrorCodes.Forbidden,
                $"integration '{integration.Name}' lives in space '{integration.SpaceId}', which is neither project '{project.Name}''s space '{project.SpaceId}' nor above it; create the integration there or in a parent space");
        }

        var attachment = new IntegrationAttachment(project.Id, provider, integration.Id, actor.Id, clock.GetUtcNow());
        await store.Integrations.AttachAsync(attachment, cancellationToken);
        return attachment;
    }

    /// <summary>Removes the project's integration for a provider; false when it had none.</summary>
    public Task<bool> DetachAsync(string projectId, string providerSource, CancellationToken cancellationToken = default) =>
        store.Integrations.DetachAsync(projectId, NormalizeProvider(providerSource), cancellationToken);

    public Task<IReadOnlyList<IntegrationAttachment>> AttachmentsAsync(string projectId, CancellationToken cancellationToken = default) =>
        store.Integrations.AttachmentsOfProjectAsync(projectId, cancellationToken);

    /// <summary>
    /// The decrypted secrets, for building provider configuration only (the resolver); they must never be
    /// logged, stored elsewhere or returned.
    /// </summary>
    internal static IReadOnlyDictionary<string, string> OpenSecrets(SecretProtector protector, IntegrationRecord record) =>
        record.Secrets.ToDictionary(kv => kv.Key, kv => protector.Unprotect(kv.Value, Location(record.Id, kv.Key)), StringComparer.Ordinal);

    /// <summary>A provider address in its canonical form, e.g. <c>registry.terraform.io/hashicorp/aws</c>.</summary>
    public static string NormalizeProvider(string providerSource)
    {
        if (!ProviderAddress.TryParse(providerSource ?? "", out var address, out var error))
        {
            throw IntegrationValidation.Invalid($"provider '{providerSource}' is not a provider address ({error}); write e.g. 'hashicorp/aws'");
        }

        return address.ToString();
    }

    internal static IntegrationView View(IntegrationRecord record)
    {
        var spec = IntegrationCatalog.For(record.Kind);
        var names = spec.SecretNames.Concat(record.Secrets.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var secrets = names.ToDictionary(n => n, n => record.Secrets.ContainsKey(n) ? new SecretFieldView(true, Redaction.Marker) : new SecretFieldView(false, null),
            StringComparer.Ordinal);
        return new IntegrationView(record.Id, record.SpaceId, record.Name, record.Kind.ToWire(), JsonNode.Parse(record.SettingsJson) as JsonObject ?? [],
            secrets, record.ReadOnly, record.CreatedBy, record.CreatedAt, record.UpdatedAt);
    }

    // Where a secret is stored: authenticated with its ciphertext, so a value copied to another field or integration does not decrypt.
    private static string Location(string integrationId, string field) => $"integration:{integrationId}:{field}";

    private Dictionary<string, string> Seal(string integrationId, IReadOnlyDictionary<string, string> existing, IReadOnlyDictionary<string, string?> given)
    {
        var sealedSecrets = new Dictionary<string, string>(existing, StringComparer.Ordinal);
        foreach (var (name, value) in given)
        {
            if (value is null)
            {
                sealedSecrets.Remove(name);
                continue;
            }

            if (value.Length == 0 || value.Length > MaxSecretLength)
            {
                throw IntegrationValidation.Invalid($"secret '{name}' must be 1 to {MaxSecretLength} characters long; pass null to clear it");
            }

            sealedSecrets[name] = protector.Protect(value, Location(integrationId, name));
        }

        return sealedSecrets;
    }

    private async Task<IntegrationRecord> RecordAsync(string integrationId, CancellationToken cancellationToken) =>
        await store.Integrations.GetAsync(integrationId, cancellationToken) ?? throw Missing(integrationId);

    /// <summary>The answer for an integration that does not exist (also given for one the caller may not see).</summary>
    internal static MandateException Missing(string integrationId) =>
        new(MandateErrorCodes.NotFound, $"integration '{integrationId}' does not exist", new Dictionary<string, object?> { ["integration"] = integrationId });

    // Projects see integrations of their own space and the spaces above it (the same inheritance as roles).
    private async Task<bool> VisibleFromAsync(string integrationSpace, string projectSpace, CancellationToken cancellationToken)
    {
        if (integrationSpace == projectSpace || integrationSpace == SpaceId.RootName)
        {
            return true;
        }

        var tree = await store.Spaces.LoadTreeAsync(cancellationToken);
        return tree.Contains(new SpaceId(projectSpace)) && tree.Contains(new SpaceId(integrationSpace))
            && tree.IsSameOrDescendantOf(new SpaceId(projectSpace), new SpaceId(integrationSpace));
    }
}
