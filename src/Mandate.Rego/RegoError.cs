namespace Mandate.Rego;

/// <summary>
/// One problem found while parsing, compiling or evaluating: OPA's code, a message, where, and optional
/// detail lines. Parse and compile errors render as <c>file:line:col: code: message</c>; evaluation
/// errors as OPA prints them, <c>file:line: code: message</c>.
/// </summary>
public sealed record RegoError(string Code, string Message, SourceLocation Location, IReadOnlyList<string>? Details = null)
{
    public bool IsEvalError => Code.StartsWith("eval_", StringComparison.Ordinal);

    public override string ToString()
    {
        var head = Location.IsKnown
            ? $"{(IsEvalError ? Location.ToShortString() : Location.ToString())}: {Code}: {Message}"
            : $"{Code}: {Message}";
        return Details is { Count: > 0 } ? head + Environment.NewLine + string.Join(Environment.NewLine, Details) : head;
    }
}

/// <summary>Raised when evaluation stops with an error (conflict, strict builtin error, limit, cancellation).</summary>
public sealed class RegoEvalException : Exception
{
    public RegoEvalException(RegoError error)
        : base(error.ToString()) => Error = error;

    public RegoEvalException(string code, string message, SourceLocation location = default)
        : this(new RegoError(code, message, location))
    {
    }

    public RegoError Error { get; }

    public string Code => Error.Code;
}

/// <summary>Raised when parsing or compiling fails; carries every problem found, in OPA's order.</summary>
public sealed class RegoCompileException : Exception
{
    public RegoCompileException(IReadOnlyList<RegoError> errors)
        : base(errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} errors occurred:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}")
        => Errors = errors;

    public IReadOnlyList<RegoError> Errors { get; }
}
