namespace Mandate.Rego.Syntax.Ast;

/// <summary>One <c>with target as value</c> modifier.</summary>
public sealed record WithModifier(Term Target, Term Value, SourceLocation Location)
{
    /// <summary>Set by the compiler when the target is a function or builtin (mocking).</summary>
    internal object? TargetFunction { get; init; }

    /// <summary>Set by the compiler when the replacement is a function rather than a value.</summary>
    internal object? ValueFunction { get; init; }
}

/// <summary>A body literal: an expression, possibly negated, with optional <c>with</c> modifiers.</summary>
public abstract class Expr
{
    public SourceLocation Location { get; init; }

    public bool Negated { get; init; }

    public WithModifier[] With { get; init; } = [];
}

/// <summary>A term used as an expression; true unless undefined or <c>false</c>. Calls and unification live here.</summary>
public sealed class TermExpr(Term term) : Expr
{
    public Term Term { get; internal set; } = term;

    public override string ToString() => (Negated ? "not " : string.Empty) + Term;
}

/// <summary><c>some x, y</c>: declares local variables.</summary>
public sealed class SomeDeclExpr(VarTerm[] vars) : Expr
{
    public VarTerm[] Vars { get; } = vars;
}

/// <summary><c>some [key,] value in collection</c>.</summary>
public sealed class SomeInExpr(Term? key, Term value, Term collection) : Expr
{
    public Term? Key { get; } = key;

    public Term Value { get; } = value;

    public Term Collection { get; } = collection;
}

/// <summary><c>every [key,] value in domain { body }</c>.</summary>
public sealed class EveryExpr(Term? key, Term value, Term domain, Expr[] body) : Expr
{
    public Term? Key { get; } = key;

    public Term Value { get; } = value;

    public Term Domain { get; } = domain;

    public Expr[] Body { get; internal set; } = body;
}

/// <summary>
/// A boolean combination of bodies: <c>a and b</c>, <c>a or b</c> (the experimental logic keywords) or an
/// explicit body <c>{ … }</c> (as in <c>not { … }</c>). Each side succeeds when its body has a solution;
/// bindings made inside do not leave it, and the whole expression yields at most one result.
/// </summary>
public sealed class LogicExpr(string op, Expr[] left, Expr[] right) : Expr
{
    /// <summary><c>and</c>, <c>or</c>, or <c>body</c> (only <see cref="Left"/> is used).</summary>
    public string Op { get; } = op;

    public Expr[] Left { get; internal set; } = left;

    public Expr[] Right { get; internal set; } = right;
}
