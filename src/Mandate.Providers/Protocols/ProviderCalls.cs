using Mandate.Providers.Cty;
using Mandate.Providers.Cty.Json;
using Mandate.Providers.Cty.Msgpack;
using Mandate.Providers.Grpc;
using Mandate.Providers.Messages;
using Mandate.Providers.Schema;

namespace Mandate.Providers.Protocols;

/// <summary>
/// The parts of every adapter method that involve only our own types, shared by the protocol-5 and protocol-6
/// adapters: schema lookups with helpful errors, value encoding and decoding, failures as diagnostics.
/// </summary>
internal static class ProviderCalls
{
    /// <summary>Looks up a resource type or data source, or explains that it does not exist.</summary>
    public static ResourceSchema? Find(IReadOnlyDictionary<string, ResourceSchema> types, string kind, string typeName, List<Diagnostic> diagnostics)
    {
        if (types.TryGetValue(typeName, out var schema))
        {
            return schema;
        }

        var suggestions = DidYouMean.Suggest(typeName, types.Keys);
        var hint = suggestions.Count > 0 ? $" Did you mean {string.Join(" or ", suggestions.Select(s => $"\"{s}\""))}?" : string.Empty;
        diagnostics.Add(Diagnostic.Error($"Unknown {kind} type", $"The provider has no {kind} type \"{typeName}\".{hint}"));
        return null;
    }

    /// <summary>Encodes a value for the wire, or records why it cannot be (it does not match the schema).</summary>
    public static byte[]? Encode(CtyValue value, CtyType type, string what, List<Diagnostic> diagnostics)
    {
        try
        {
            return CtyMsgpack.Encode(value, type);
        }
        catch (CtyCodecException e)
        {
            diagnostics.Add(Diagnostic.Error($"Invalid {what}", $"The {what} does not match the schema: {e.Reason}", e.Path));
            return null;
        }
    }

    /// <summary>
    /// Decodes a DynamicValue's payload: msgpack when present, else JSON, else (the provider sent nothing) a
    /// typed null, which is how Terraform reads an empty DynamicValue.
    /// </summary>
    public static CtyValue? Decode(ReadOnlySpan<byte> msgpack, ReadOnlySpan<byte> json, CtyType type, string what, List<Diagnostic> diagnostics)
    {
        try
        {
            return msgpack.Length > 0 ? CtyMsgpack.Decode(msgpack, type)
                : json.Length > 0 ? CtyJson.Decode(json, type)
                : CtyValue.Null(type);
        }
        catch (CtyCodecException e)
        {
            diagnostics.Add(Diagnostic.Error($"Invalid {what} from the provider", $"The provider returned a {what} that does not match its own schema: {e.Reason}", e.Path));
            return null;
        }
    }

    /// <summary>Runs one gRPC call; a failure becomes a diagnostic naming the call and the result is null.</summary>
    public static async ValueTask<TResponse?> CallAsync<TRequest, TResponse>(
        GrpcUnaryClient client, string service, string method, TRequest request, Google.Protobuf.MessageParser<TResponse> parser,
        TimeSpan timeout, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
        where TRequest : Google.Protobuf.IMessage
        where TResponse : class, Google.Protobuf.IMessage<TResponse>
    {
        try
        {
            return await client.CallAsync($"/{service}/{method}", request, parser, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (GrpcCallException e)
        {
            diagnostics.Add(GrpcStatusMapping.ToDiagnostic(method, e));
            return null;
        }
    }
}
