namespace Mandate.Providers.Plugin;

/// <summary>A provider process could not be started or did not complete the go-plugin handshake.</summary>
public sealed class ProviderLaunchException : Exception
{
    public ProviderLaunchException(string message)
        : base(message)
    {
    }

    public ProviderLaunchException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
