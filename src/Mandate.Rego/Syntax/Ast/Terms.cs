using Mandate.Rego.Values;

namespace Mandate.Rego.Syntax.Ast;

/// <summary>A Rego term. Terms are built by the parser and annotated once by the compiler (slots, targets).</summary>
public abstract class Term
{
    public SourceLocation Location { get; init; }
}

/// <summary>null, a boolean, a number or a string.</summary>
public sealed class ScalarTerm(RegoValue value) : Term
{
    public RegoValue Value { get; } = value;

    public override string ToString() => Value.ToString();
}

/// <summary>A variable. The compiler assigns <see cref="Slot"/>, the index of its binding in the frame.</summary>
public sealed class VarTerm(string name) : Term
{
    public string Name { get; } = name;

    /// <summary>Frame slot; -1 until resolved. Wildcards get a fresh slot each.</summary>
    public int Slot { get; internal set; } = -1;

    public bool IsWildcard => Name == "_";

    public override string ToString() => Name;
}

/// <summary>A reference <c>head.a[b]…</c>. After compilation a head of <c>data</c>/<c>input</c> is a root.</summary>
public sealed class RefTerm(Term head, Term[] path) : Term
{
    public Term Head { get; internal set; } = head;

    public Term[] Path { get; internal set; } = path;

    public override string ToString() =>
        Head + string.Concat(Path.Select(p => p is ScalarTerm { Value: RegoString s } ? "." + s.Value : "[" + p + "]"));
}

public sealed class ArrayTerm(Term[] items) : Term
{
    public Term[] Items { get; } = items;
}

public sealed class SetTerm(Term[] items) : Term
{
    public Term[] Items { get; } = items;
}

public sealed class ObjectTerm(KeyValuePair<Term, Term>[] items) : Term
{
    public KeyValuePair<Term, Term>[] Items { get; } = items;
}

/// <summary>A call <c>name(args…)</c>: operators are calls too (<c>a + b</c> is <c>plus(a, b)</c>).</summary>
public sealed class CallTerm(Term op, string name, Term[] args) : Term
{
    /// <summary>The operator as written (a var or a ref).</summary>
    public Term Operator { get; } = op;

    /// <summary>The dotted name as written, or the builtin name of an operator.</summary>
    public string Name { get; internal set; } = name;

    public Term[] Args { get; internal set; } = args;

    /// <summary>Set by the compiler: what the call invokes.</summary>
    internal object? Target { get; set; }

    public override string ToString() => $"{Name}({string.Join(", ", Args.Select(a => a.ToString()))})";
}

public sealed class ArrayComprehension(Term head, Expr[] body) : Term
{
    public Term Head { get; } = head;

    public Expr[] Body { get; internal set; } = body;
}

public sealed class SetComprehension(Term head, Expr[] body) : Term
{
    public Term Head { get; } = head;

    public Expr[] Body { get; internal set; } = body;
}

public sealed class ObjectComprehension(Term key, Term value, Expr[] body) : Term
{
    public Term Key { get; } = key;

    public Term Value { get; } = value;

    public Expr[] Body { get; internal set; } = body;
}

/// <summary>A template string <c>$"a {x} b"</c>: literal text parts interleaved with expression terms.</summary>
public sealed class TemplateTerm(object[] parts) : Term
{
    /// <summary>Each part is a <see cref="string"/> or a <see cref="Term"/>.</summary>
    public object[] Parts { get; } = parts;
}
