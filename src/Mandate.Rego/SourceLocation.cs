namespace Mandate.Rego;

/// <summary>A position in a policy source: file name, 1-based line and column, 0-based character offset.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column, int Offset = 0)
{
    public static readonly SourceLocation None = new(string.Empty, 0, 0);

    public bool IsKnown => Line > 0;

    /// <summary>OPA's short form used in eval errors: <c>file:line</c>.</summary>
    public string ToShortString() => $"{File}:{Line}";

    /// <summary><c>file:line:col</c>.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}";
}
