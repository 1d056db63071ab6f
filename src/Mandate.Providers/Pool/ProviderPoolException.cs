using Mandate.Providers.Messages;

namespace Mandate.Providers.Pool;

/// <summary>The pool could not produce a configured provider: launch failed, or the configuration was rejected.</summary>
public sealed class ProviderPoolException : Exception
{
    public ProviderPoolException(string message, IReadOnlyList<Diagnostic> diagnostics, Exception? inner = null)
        : base(diagnostics.Count == 0 ? message : message + Environment.NewLine + diagnostics.Describe(), inner)
    {
        Diagnostics = diagnostics;
    }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
