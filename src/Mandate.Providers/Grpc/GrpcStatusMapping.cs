using Mandate.Providers.Messages;

namespace Mandate.Providers.Grpc;

/// <summary>
/// Turns a failed call into a diagnostic that names the call, so a user reading "PlanResourceChange: plugin did
/// not respond" knows which step of which operation broke, and gets advice that fits the status.
/// </summary>
public static class GrpcStatusMapping
{
    public static Diagnostic ToDiagnostic(string callName, GrpcCallException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.Status switch
        {
            GrpcStatusCode.Unavailable => Diagnostic.Error(
                "Plugin did not respond",
                $"The provider did not answer the {callName} call ({failure.StatusMessage}). It may have crashed or been stopped; its log may say why."),
            GrpcStatusCode.Unimplemented => Diagnostic.Error(
                "Unsupported plugin method",
                $"The provider does not implement {callName} ({failure.StatusMessage}). A newer provider version may be needed."),
            GrpcStatusCode.DeadlineExceeded => Diagnostic.Error(
                "Plugin call timed out",
                $"The provider did not finish {callName} in time ({failure.StatusMessage}). Raise the call timeout if the operation is legitimately slow."),
            GrpcStatusCode.Cancelled => Diagnostic.Error(
                "Plugin call cancelled",
                $"The {callName} call was cancelled by the provider: {failure.StatusMessage}"),
            _ => Diagnostic.Error(
                "Plugin error",
                $"The provider's {callName} call failed with gRPC status {failure.Status}: {failure.StatusMessage}"),
        };
    }
}
