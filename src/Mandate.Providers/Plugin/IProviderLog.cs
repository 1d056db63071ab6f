namespace Mandate.Providers.Plugin;

public enum ProviderLogLevel
{
    Debug,
    Information,
    Warning,
    Error,
}

/// <summary>
/// Where provider processes' output and the runtime's lifecycle events go. A small interface instead of
/// Microsoft.Extensions.Logging so the library stays dependency-free; an adapter to ILogger is one line.
/// </summary>
public interface IProviderLog
{
    /// <param name="source">Which provider instance, e.g. <c>terraform-provider-aws_v5.100.0_x5[4711]</c>.</param>
    void Write(ProviderLogLevel level, string source, string message);
}

/// <summary>Discards everything.</summary>
public sealed class NullProviderLog : IProviderLog
{
    public static NullProviderLog Instance { get; } = new();

    public void Write(ProviderLogLevel level, string source, string message)
    {
    }
}
