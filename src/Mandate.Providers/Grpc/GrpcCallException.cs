namespace Mandate.Providers.Grpc;

/// <summary>
/// A unary gRPC call that did not produce a response message: a non-OK status from the server, a broken
/// connection (<see cref="GrpcStatusCode.Unavailable"/>), a protocol violation (<see cref="GrpcStatusCode.Internal"/>)
/// or an expired deadline. Adapters turn it into a diagnostic with <see cref="GrpcStatusMapping"/>.
/// </summary>
public sealed class GrpcCallException : Exception
{
    public GrpcCallException(string method, GrpcStatusCode status, string statusMessage, Exception? inner = null)
        : base($"{method} failed with gRPC status {status}: {statusMessage}", inner)
    {
        Method = method;
        Status = status;
        StatusMessage = statusMessage;
    }

    /// <summary>The full method path, e.g. <c>/tfplugin5.Provider/GetSchema</c>.</summary>
    public string Method { get; }

    public GrpcStatusCode Status { get; }

    /// <summary>The decoded <c>grpc-message</c>, or our own description when the failure was local.</summary>
    public string StatusMessage { get; }
}
