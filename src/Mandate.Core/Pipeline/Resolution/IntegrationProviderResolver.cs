namespace Mandate.Core.Pipeline.Resolution;

using System.Collections.Concurrent;
using Mandate.Core.Integrations;
using Mandate.Core.Model;
using Mandate.Core.Secrets;
using Mandate.Core.Stores;
using Mandate.Providers.Cty;
using Mandate.Providers.Pool;
using Mandate.Providers.Registry;

/// <summary>
/// The production <see cref="IProviderResolver"/>: the resource type names the provider (honouring the project's
/// provider requirements and version constraints), the binary comes from filesystem mirrors, and the provider's
/// configuration is built from the cloud integration the project attached for that provider, typed by the
/// provider's own schema. Decrypted credentials exist only inside the returned <see cref="ProviderSpec"/>.
/// </summary>
/// <remarks>
/// Which integration: the project's attachment for the provider; failing that, the integration named in the
/// project's provider requirement. Without either the call fails with how to attach one, unless
/// <see cref="ProviderResolverOptions.AllowAmbientCredentials"/> is on.
/// </remarks>
public sealed class IntegrationProviderResolver : IProviderResolver
{
    private static readonly HashSet<OperationKind> Mutating = [OperationKind.Create, OperationKind.Update, OperationKind.Delete, OperationKind.Import];

    private readonly IMandateStore _store;
    private readonly SecretProtector _protector;
    private readonly ProviderResolverOptions _options;
    private readonly ProviderLocator _locator;
    private readonly ProviderSchemas _schemas;

    // Built configurations by integration version: decrypting and typing again on every plan is wasted work.
    private readonly ConcurrentDictionary<(string IntegrationId, DateTimeOffset UpdatedAt, string ExecutablePath), CtyValue> _configs = new();

    public IntegrationProviderResolver(IMandateStore store, SecretProtector protector, ProviderResolverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(protector);
        _store = store;
        _protector = protector;
        _options = options ?? new ProviderResolverOptions();
        _locator = new ProviderLocator(_options);
        _schemas = new ProviderSchemas(_options.SchemaCache);
    }

    /// <summary>The mirror directories searched for provider binaries, in order.</summary>
    public IReadOnlyList<string> Mirrors => _locator.Mirrors;

    public async Task<ProviderSpec> ResolveAsync(ProjectRecord project, string resourceType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var (address, constraints) = ProviderLocator.Requirement(project, resourceType);
        var installed = await _locator.LocateAsync(address, constraints, cancellationToken);
        var schema = await _schemas.GetAsync(installed, cancellationToken);
        var display = $"{address.ForDisplay()} {installed.Version}";
        var integration = await IntegrationForAsync(project, address, cancellationToken);
        CtyValue config;
        if (integration is null)
        {
            config = _options.AllowAmbientCredentials
                ? ProviderConfigBuilder.Ambient(schema.Provider.Block)
                : throw NoIntegration(project, address, resourceType);
        }
        else
        {
            config = _configs.GetOrAdd((integration.Id, integration.UpdatedAt, installed.ExecutablePath),
                _ => BuildConfig(integration, schema.Provider.Block, display));
        }

        return new ProviderSpec(address.ToString(), installed.Version.ToString(), installed.ExecutablePath, config);
    }

    private CtyValue BuildConfig(IntegrationRecord integration, Providers.Schema.SchemaBlock providerBlock, string display)
    {
        var secrets = IntegrationService.OpenSecrets(_protector, integration);
        KnownSecrets.Remember(secrets.Values);
        return ProviderConfigBuilder.Build(integration, secrets, providerBlock, display);
    }

    public async Task EnsureMayChangeAsync(ProjectRecord project, string resourceType, OperationKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (!Mutating.Contains(kind))
        {
            return;
        }

        var (address, _) = ProviderLocator.Requirement(project, resourceType);
        if (await IntegrationForAsync(project, address, cancellationToken) is { ReadOnly: true } integration)
        {
            throw new MandateException(MandateErrorCodes.IntegrationReadOnly,
                $"project '{project.Name}' uses integration '{integration.Name}' for {address.ForDisplay()}, and it is read-only: " +
                $"{kind.ToWire()} of {resourceType} was refused before the provider was called (plan and refresh still work). " +
                "Attach a read-write integration for this provider, or have an admin clear the integration's read-only flag.",
                new Dictionary<string, object?> { ["integration"] = integration.Id, ["provider"] = address.ToString(), ["operation"] = kind.ToWire() });
        }
    }

    private async Task<IntegrationRecord?> IntegrationForAsync(ProjectRecord project, ProviderAddress address, CancellationToken cancellationToken)
    {
        var source = address.ToString();
        var attachment = await _store.Integrations.GetAttachmentAsync(project.Id, source, cancellationToken);
        var integrationId = attachment?.IntegrationId ?? project.Providers.FirstOrDefault(p =>
            ProviderAddress.TryParse(p.Source, out var required, out _) && required.ToString() == source)?.IntegrationId;
        if (integrationId is null)
        {
            return null;
        }

        return await _store.Integrations.GetAsync(integrationId, cancellationToken)
            ?? throw new MandateException(MandateErrorCodes.NotFound,
                $"project '{project.Name}' names integration '{integrationId}' for {address.ForDisplay()}, which does not exist; attach an existing integration");
    }

    private static MandateException NoIntegration(ProjectRecord project, ProviderAddress address, string resourceType) =>
        new(MandateErrorCodes.IntegrationRequired,
            $"project '{project.Name}' has no cloud integration for {address.ForDisplay()}, which provides {resourceType}; " +
            $"create an integration (kind {KindFor(address)}) in space '{project.SpaceId}' or above and attach it to the project for provider '{address.ForDisplay()}'",
            new Dictionary<string, object?> { ["provider"] = address.ToString(), ["project"] = project.Id });

    private static string KindFor(ProviderAddress address) =>
        new[] { IntegrationCatalog.Aws, IntegrationCatalog.Azure, IntegrationCatalog.Gcp }
            .FirstOrDefault(k => k.DefaultProvider == address.ToString())?.Kind.ToWire() ?? "generic";
}
