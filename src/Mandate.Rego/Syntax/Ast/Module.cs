namespace Mandate.Rego.Syntax.Ast;

public enum RegoVersion
{
    V0,
    V1,
}

public sealed record Import(RefTerm Path, string? Alias, SourceLocation Location)
{
    /// <summary>The name the import binds: the alias, else the last path segment.</summary>
    public string Name => Alias ?? (Path.Path.Length > 0 && Path.Path[^1] is ScalarTerm { Value: Values.RegoString s } ? s.Value : Path.Head.ToString()!);
}

/// <summary>A parsed module: package path, imports and rules.</summary>
public sealed class Module
{
    public required string File { get; init; }

    public required string[] Package { get; init; }

    public required List<Import> Imports { get; init; }

    public required List<Rule> Rules { get; init; }

    public RegoVersion Version { get; init; }

    public SourceLocation Location { get; init; }

    /// <summary>The <c># METADATA</c> block before the package clause, if any.</summary>
    public Values.RegoObject? PackageAnnotations { get; internal set; }
}

/// <summary>
/// A rule or function definition. <see cref="HeadRef"/> is the head reference relative to the package
/// (<c>p</c>, <c>a.b[x].c</c>); <see cref="Key"/> is set for multi-value (<c>contains</c>) rules;
/// <see cref="Args"/> for functions; <see cref="Value"/> is null when the head has no value (true).
/// </summary>
public sealed class Rule
{
    public SourceLocation Location { get; init; }

    public Term[] HeadRef { get; internal set; } = [];

    public Term[]? Args { get; internal set; }

    public Term? Key { get; internal set; }

    public Term? Value { get; internal set; }

    public bool IsDefault { get; init; }

    public bool IsAssign { get; init; }

    public Expr[] Body { get; internal set; } = [];

    /// <summary>The next rule of an else chain (its head shares this rule's ref).</summary>
    public Rule? Else { get; internal set; }

    /// <summary>True when the body was written (false for <c>p := 1</c> and default rules).</summary>
    public bool HasBody { get; init; }

    public Module? Module { get; internal set; }

    /// <summary>The <c># METADATA</c> block before this rule, if any.</summary>
    public Values.RegoObject? Annotations { get; internal set; }

    /// <summary>Frame size, set by the compiler.</summary>
    public int SlotCount { get; internal set; }

    public bool IsFunction => Args is not null;

    public bool IsMultiValue => Key is not null;

    /// <summary>The rule name (first segment of the head ref).</summary>
    public string Name => ((VarTerm)HeadRef[0]).Name;

    /// <summary>The terms a head writes besides its name: the ref's later segments, the key and the value.</summary>
    internal IEnumerable<Term> HeadTerms()
    {
        for (int i = 1; i < HeadRef.Length; i++)
        {
            yield return HeadRef[i];
        }

        if (Key is not null)
        {
            yield return Key;
        }

        if (Value is not null)
        {
            yield return Value;
        }
    }
}
