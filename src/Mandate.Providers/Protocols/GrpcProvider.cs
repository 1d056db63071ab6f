using Google.Protobuf;
using Mandate.Providers.Cty;
using Mandate.Providers.Grpc;
using Mandate.Providers.Messages;
using Mandate.Providers.Plugin;
using Mandate.Providers.Protocols.Convert;
using Mandate.Providers.Schema;
using Wire = Mandate.Providers.Protocols.Wire;

namespace Mandate.Providers.Protocols;

/// <summary>
/// <see cref="IProvider"/> over plugin protocol 5 or 6 — the versions share their messages and differ in RPC names
/// (<see cref="ProviderProtocol"/>). A translation layer only: each method gets the schema, encodes the values
/// with the schema's implied type, calls, converts diagnostics and decodes the answer.
/// </summary>
internal sealed partial class GrpcProvider : IProvider
{
    private readonly ProviderProtocol _protocol;
    private readonly GrpcUnaryClient _client;
    private readonly ProviderProcess? _process;
    private readonly ProviderClientOptions _options;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private GetProviderSchemaResponse? _schema;

    /// <param name="process">Owned: disposed with the adapter. Null when the client is not bound to a process (tests).</param>
    /// <param name="cachedSchema">A schema from an earlier run of the same binary; spares the GetProviderSchema call.</param>
    public GrpcProvider(ProviderProtocol protocol, GrpcUnaryClient client, ProviderProcess? process, ProviderClientOptions options, GetProviderSchemaResponse? cachedSchema = null)
    {
        _protocol = protocol;
        _client = client;
        _process = process;
        _options = options;
        _schema = cachedSchema;
    }

    public int ProtocolVersion => _protocol.Version;

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
            var response = await CallAsync(_protocol.GetProviderSchema, new Wire.GetProviderSchema.Types.Request(),
                Wire.GetProviderSchema.Types.Response.Parser, r => r.Diagnostics, diagnostics, cancellationToken, _options.SchemaTimeout).ConfigureAwait(false);
            if (response is null)
            {
                return new GetProviderSchemaResponse { Diagnostics = diagnostics };
            }

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

        var response = await CallAsync(_protocol.ValidateProviderConfig, new Wire.ValidateProviderConfig.Types.Request { Config = Msgpack(config) },
            Wire.ValidateProviderConfig.Types.Response.Parser, r => r.Diagnostics, diagnostics, cancellationToken).ConfigureAwait(false);

        // Only protocol 5 returns a prepared configuration.
        var prepared = Decode(response?.PreparedConfig, type, "prepared provider configuration", diagnostics);
        return new ValidateProviderConfigResponse { PreparedConfig = prepared, Diagnostics = diagnostics };
    }

    public async ValueTask<ValidateResourceConfigResponse> ValidateResourceConfigAsync(ValidateResourceConfigRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new() { Diagnostics = await ValidateTypeConfigAsync(TypeKind.Resource, request.TypeName, request.Config, cancellationToken).ConfigureAwait(false) };
    }

    public async ValueTask<ValidateDataResourceConfigResponse> ValidateDataResourceConfigAsync(ValidateDataResourceConfigRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new() { Diagnostics = await ValidateTypeConfigAsync(TypeKind.DataSource, request.TypeName, request.Config, cancellationToken).ConfigureAwait(false) };
    }

    public async ValueTask<ConfigureProviderResponse> ConfigureProviderAsync(ConfigureProviderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (schema, diagnostics) = await SchemaAsync(cancellationToken).ConfigureAwait(false);
        if (schema is null || ProviderCalls.Encode(request.Config, schema.Provider.ImpliedType(), "provider configuration", diagnostics) is not { } config)
        {
            return new ConfigureProviderResponse { Diagnostics = diagnostics };
        }

        await CallAsync(_protocol.ConfigureProvider, new Wire.ConfigureProvider.Types.Request { TerraformVersion = request.TerraformVersion, Config = Msgpack(config) },
            Wire.ConfigureProvider.Types.Response.Parser, r => r.Diagnostics, diagnostics, cancellationToken).ConfigureAwait(false);
        return new ConfigureProviderResponse { Diagnostics = diagnostics };
    }

    public async ValueTask<StopProviderResponse> StopProviderAsync(CancellationToken cancellationToken = default)
    {
        var diagnostics = new List<Diagnostic>();
        var response = await CallAsync(_protocol.StopProvider, new Wire.StopProvider.Types.Request(),
            Wire.StopProvider.Types.Response.Parser, _ => [], diagnostics, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// One RPC: a failed call becomes a diagnostic naming it (and the result is null); the diagnostics the provider
    /// answered with are appended to <paramref name="diagnostics"/>.
    /// </summary>
    private async ValueTask<TResponse?> CallAsync<TResponse>(
        string method, IMessage request, MessageParser<TResponse> parser, Func<TResponse, IEnumerable<Wire.Diagnostic>> diagnosticsOf,
        List<Diagnostic> diagnostics, CancellationToken cancellationToken, TimeSpan? timeout = null)
        where TResponse : class, IMessage<TResponse>
    {
        var response = await ProviderCalls.CallAsync(_client, _protocol.Service, method, request, parser,
            timeout ?? _options.CallTimeout, diagnostics, cancellationToken).ConfigureAwait(false);
        if (response is not null)
        {
            diagnostics.AddRange(DiagnosticsConvert.ToDiagnostics(diagnosticsOf(response)));
        }

        return response;
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

    /// <summary>Decodes a value the provider sent, or null when it sent none (or it does not decode: see the diagnostics).</summary>
    private static CtyValue? Decode(Wire.DynamicValue? value, CtyType type, string what, List<Diagnostic> diagnostics) =>
        value is null ? null : ProviderCalls.Decode(value.Msgpack.Span, value.Json.Span, type, what, diagnostics);

    private static Wire.DynamicValue Msgpack(byte[] bytes) => new() { Msgpack = UnsafeByteOperations.UnsafeWrap(bytes) };

    private static Wire.DynamicValue Msgpack(ReadOnlyMemory<byte> bytes) => new() { Msgpack = UnsafeByteOperations.UnsafeWrap(bytes) };
}
