namespace Mandate.Core;

/// <summary>
/// A failure a caller can act on: a stable code, a message saying what was wrong and what to do, and
/// optional hints (closest names, policy reasons, lock holder). Anything else is a bug.
/// </summary>
public class MandateException(string code, string message, IReadOnlyDictionary<string, object?>? details = null)
    : Exception(message)
{
    public string Code { get; } = code;

    public IReadOnlyDictionary<string, object?> Details { get; } = details ?? new Dictionary<string, object?>();
}
