namespace Mandate.Providers.Cty;

/// <summary>
/// A value could not be encoded or decoded; <see cref="Path"/> says where. The path is assembled while the
/// error unwinds (each level prepends its step), so the successful path costs nothing.
/// </summary>
public sealed class CtyCodecException : FormatException
{
    private readonly List<CtyPathStep> _reversedSteps = [];

    /// <summary>An error at the current position; the path is filled in by the callers.</summary>
    public CtyCodecException(string reason, Exception? inner = null) : base(reason, inner) => Reason = reason;

    /// <summary>What was wrong, without the path.</summary>
    public string Reason { get; }

    /// <summary>Where in the value it was wrong.</summary>
    public CtyPath Path => CtyPath.Of(Enumerable.Reverse(_reversedSteps));

    /// <inheritdoc/>
    public override string Message => _reversedSteps.Count == 0 ? Reason : $"{Path}: {Reason}";

    internal CtyCodecException Prepend(CtyPathStep step)
    {
        _reversedSteps.Add(step);
        return this;
    }
}
