using Google.Protobuf;
using Mandate.Providers.Cty;
using Mandate.Providers.Grpc;
using Mandate.Providers.Messages;
using Mandate.Providers.Plugin;
using Mandate.Providers.Protocol5.Convert;
using Mandate.Providers.Protocols;
using Mandate.Providers.Schema;
using Wire = Mandate.Providers.Protocol5.Wire;

namespace Mandate.Providers.Protocol5;

/// <summary>
/// <see cref="IProvider"/> over plugin protocol 5. A translation layer only: each method gets the schema,
/// encodes the values with the schema's implied type, calls, converts diagnostics and decodes the answer.
/// </summary>
internal sealed partial class GrpcProvider5 : IProvider
{
    private const string Service = "tfplugin5.Provider";

    private readonly GrpcUnaryClient _client;
    private readonly ProviderProcess? _process;
    private readonly ProviderClientOptions _options;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private GetProviderSchemaResponse? _schema;

    /// <param name="process">Owned: disposed with the adapter. Null when the client is not bound to a process (tests).</param>
    /// <param name="cachedSchema">A schema from an earlier run of the same binary; spares the GetSchema call.</param>
    public GrpcProvider5(GrpcUnaryClient client, ProviderProcess? process, ProviderClientOptions options, GetProviderSchemaResponse? cachedSchema = null)
    {
        _client = client;
        _process = process;
        _options = options;
        _schema = cachedSchema;
    }

    public int ProtocolVersion => 5;

    public async ValueTask<GetProviderSchemaResponse> GetProviderSchemaAsync(CancellationToken cancellationToken = default)
    {
        if (_schema is { } cached)
        {
            return cached;
        }

        await _schemaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schema is { } raced)
            {
                return raced;
            }

            var diagnostics = new List<Diagnostic>();
            var response = await ProviderCalls.CallAsync(_client, Service, "GetSchema", new Wire.GetProviderSchema.Types.Request(),
                Wire.GetProviderSchema.Types.Response.Parser, _options.SchemaTimeout, diagnostics, cancellationToken).ConfigureAwait(false);
            if (response is null)
            {
                return new GetProviderSchemaResponse { Diagnostics = diagnostics };
            }

            diagnostics.AddRange(DiagnosticsConvert.ToDiagnostics(response.Diagnostics));
            ProviderSchema? schema = null;
            try
            {
                schema = SchemaConvert.ToProviderSchema(response);
            }
            catch (CtyCodecException e)
            {
                diagnostics.Add(Diagnostic.Error("Invalid provider schema", e.Message));
            }

            var result = new GetProviderSchemaResponse
            {
                Schema = schema,
                Capabilities = new ServerCapabilities(
                    response.ServerCapabilities?.PlanDestroy ?? false, response.ServerCapabilities?.GetProviderSchemaOptional ?? false),
                Diagnostics = diagnostics,
            };

            // Keep only a usable schema: a failed fetch is retried by the next call.
            if (schema is not null && !diagnostics.HasErrors())
            {
                _schema = result;
            }

            return result;
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    public async ValueTask<ValidateProviderConfigResponse> ValidateProviderConfigAsync(ValidateProviderConfigRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (schema, diagnostics) = await SchemaAsync(cancellationToken).ConfigureAwait(false);
        var type = schema?.Provider.ImpliedType();
        if (type is null || ProviderCalls.Encode(request.Config, type, "provider configuration", diagnostics) is not { } config)
        {
            return new ValidateProviderConfigResponse { Diagnostics = diagnostics };
        }

        var response = await ProviderCalls.CallAsync(_client, Service, "PrepareProviderConfig",
            new Wire.PrepareProviderConfig.Types.Request { Config = Msgpack(config) },
            Wire.PrepareProviderConfig.Types.Response.Parser, _options.CallTimeout, diagnostics, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return new ValidateProviderConfigResponse { Diagnostics = diagnostics };
        }

        diagnostics.AddRange(DiagnosticsConvert.ToDiagnostics(response.Diagnostics));
        var prepared = response.PreparedConfig is { } value
            ? ProviderCalls.Decode(value.Msgpack.Span, value.Json.Span, type, "prepared provider configuration", diagnostics)
            : null;
        return new ValidateProviderConfigResponse { PreparedConfig = prepared, Diagnostics = diagnostics };
    }

    public async ValueTask<ValidateResourceConfigResponse> ValidateResourceConfigAsync(ValidateResourceConfigRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (schema, diagnostics) = await SchemaAsync(cancellationToken).ConfigureAwait(false);
        var resource = schema is null ? null : ProviderCalls.Find(schema.ResourceTypes, "resource", request.TypeName, diagnostics);
        if (resource is null || ProviderCalls.Encode(request.Config, resource.ImpliedType(), "resource configuration", diagnostics) is not { } config)
        {
            return new ValidateResourceConfigResponse { Diagnostics = diagnostics };
        }

        var response = await ProviderCalls.CallAsync(_client, Service, "ValidateResourceTypeConfig",
            new Wire.ValidateResourceTypeConfig.Types.Request { TypeName = request.TypeName, Config = Msgpack(config) },
            Wire.ValidateResourceTypeConfig.Types.Response.Parser, _options.CallTimeout, diagnostics, cancellationToken).ConfigureAwait(false);
        if (response is not null)
        {
            diagnostics.AddRange(DiagnosticsConvert.ToDiagnostics(response.Diagnostics));
        }

        return new ValidateResourceConfigResponse { Diagnostics = diagnostics };
    }

    public async ValueTask<ValidateDataResourceConfigResponse> ValidateDataResourceConfigAsync(ValidateDataResourceConfigRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (schema, diagnostics) = await SchemaAsync(cancellationToken).ConfigureAwait(false);
        var source = schema is null ? null : ProviderCalls.Find(schema.DataSources, "data source", request.TypeName, diagnostics);
        if (source is null || ProviderCalls.Encode(request.Config, source.ImpliedType(), "data source configuration", diagnostics) is not { } config)
        {
            return new ValidateDataResourceConfigResponse { Diagnostics = diagnostics };
        }

        var response = await ProviderCalls.CallAsync(_client, Service, "ValidateDataSourceConfig",
            new Wire.ValidateDataSourceConfig.Types.Request { TypeName = request.TypeName, Config = Msgpack(config) },
            Wire.ValidateDataSourceConfig.Types.Response.Parser, _options.CallTimeout, diagnostics, cancellationToken).ConfigureAwait(false);
        if (response is not null)
        {
            diagnostics.AddRange(DiagnosticsConvert.ToDiagnostics(response.Diagnostics));
        }

        return new ValidateDataResourceConfigResponse { Diagnostics = diagnostics };
    }

    public async ValueTask<ConfigureProviderResponse> ConfigureProviderAsync(ConfigureProviderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (schema, diagnostics) = await SchemaAsync(cancellationToken).ConfigureAwait(false);
        if (schema is null || ProviderCalls.Encode(request.Config, schema.Provider.ImpliedType(), "provider configuration", diagnostics) is not { } config)
        {
            return new ConfigureProviderResponse { Diagnostics = diagnostics };
        }

        var response = await ProviderCalls.CallAsync(_client, Service, "Configure",
            new Wire.Configure.Types.Request { TerraformVersion = request.TerraformVersion, Config = Msgpack(config) },
            Wire.Configure.Types.Response.Parser, _options.CallTimeout, diagnostics, cancellationToken).ConfigureAwait(false);
        if (response is not null)
        {
            diagnostics.AddRange(DiagnosticsConvert.ToDiagnostics(response.Diagnostics));
        }

        return new ConfigureProviderResponse { Diagnostics = diagnostics };
    }

    public async ValueTask<StopProviderResponse> StopProviderAsync(CancellationToken cancellationToken = default)
    {
        var diagnostics = new List<Diagnostic>();
        var response = await ProviderCalls.CallAsync(_client, Service, "Stop", new Wire.Stop.Types.Request(),
            Wire.Stop.Types.Response.Parser, _options.CallTimeout, diagnostics, cancellationToken).ConfigureAwait(false);
        return new StopProviderResponse { Error = response?.Error ?? string.Empty, Diagnostics = diagnostics };
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync().ConfigureAwait(false);
        }
        else
        {
            _client.Dispose();
        }

        _schemaLock.Dispose();
    }

    private async ValueTask<(ProviderSchema? Schema, List<Diagnostic> Diagnostics)> SchemaAsync(CancellationToken cancellationToken)
    {
        var response = await GetProviderSchemaAsync(cancellationToken).ConfigureAwait(false);
        var diagnostics = new List<Diagnostic>();
        if (response.Schema is null || response.Diagnostics.HasErrors())
        {
            diagnostics.AddRange(response.Diagnostics);
            return (null, diagnostics);
        }

        return (response.Schema, diagnostics);
    }

    private static Wire.DynamicValue Msgpack(byte[] bytes) => new() { Msgpack = UnsafeByteOperations.UnsafeWrap(bytes) };

    private static Wire.DynamicValue Msgpack(ReadOnlyMemory<byte> bytes) => new() { Msgpack = UnsafeByteOperations.UnsafeWrap(bytes) };
}
