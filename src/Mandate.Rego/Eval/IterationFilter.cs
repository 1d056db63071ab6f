using System.Runtime.CompilerServices;
using Mandate.Rego.Builtins;
using Mandate.Rego.Compile;
using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Eval;

/// <summary>
/// An equality test right after <c>some v in collection</c> that compares a field of the element with a
/// constant: <c>v.type == "x"</c>, <c>"x" == v.type</c> or <c>v.type = "x"</c>. Elements whose field
/// differs fail that test, so an evaluator may skip them without changing any result: the test is the
/// very next expression, it has no side effects, and skipped elements keep their order.
/// Found once per expression (the syntax tree is immutable after compiling) and shared by all threads.
/// </summary>
internal sealed class IterationFilter
{
    private static readonly ConditionalWeakTable<SomeInExpr, IterationFilter> Cache = new();

    // Stands for "this expression has no filter" in the cache, which cannot hold null.
    private static readonly IterationFilter None = new(null!, [], RegoNull.Instance);

    private IterationFilter(Expr test, RegoValue[] path, RegoValue constant)
    {
        Test = test;
        Path = path;
        Constant = constant;
        var hash = new HashCode();
        foreach (var key in path)
        {
            hash.Add(key.GetHashCode());
        }

        PathHash = hash.ToHashCode();
    }

    /// <summary>The expression the filter stands for (the one after the <c>some … in</c>).</summary>
    public Expr Test { get; }

    /// <summary>The field of the element the test reads (<c>["type"]</c> for <c>v.type</c>).</summary>
    public RegoValue[] Path { get; }

    public RegoValue Constant { get; }

    public int PathHash { get; }

    public bool SamePath(IterationFilter other) =>
        ReferenceEquals(this, other) || (PathHash == other.PathHash && Path.AsSpan().SequenceEqual(other.Path));

    /// <summary>The filter <paramref name="next"/> applies to elements bound to <paramref name="valueSlot"/>, or null.</summary>
    public static IterationFilter? For(SomeInExpr iteration, Expr next, int valueSlot)
    {
        if (!Cache.TryGetValue(iteration, out var filter))
        {
            filter = Analyze(next, valueSlot) ?? None;
            Cache.AddOrUpdate(iteration, filter);
        }

        if (ReferenceEquals(filter, None))
        {
            return null;
        }

        // The same expression object always sits in the same body; this only guards against surprises.
        return ReferenceEquals(filter.Test, next) ? filter : Analyze(next, valueSlot);
    }

    private static IterationFilter? Analyze(Expr next, int valueSlot)
    {
        if (next is not TermExpr { Negated: false, Term: CallTerm { Args.Length: 2 } call } || next.With.Length > 0)
        {
            return null;
        }

        var isEquality = call.Target is BuiltinDefinition { Name: "equal" } or SpecialCall.Unify;
        if (!isEquality)
        {
            return null;
        }

        var (field, constant) = call.Args[0] is ScalarTerm c0 ? (call.Args[1], c0) : (call.Args[0], call.Args[1] as ScalarTerm);
        if (constant is null || field is not RefTerm { Head: VarTerm { Slot: var slot } } r || slot != valueSlot || r.Path.Length == 0)
        {
            return null;
        }

        var path = new RegoValue[r.Path.Length];
        for (var i = 0; i < path.Length; i++)
        {
            if (r.Path[i] is not ScalarTerm key)
            {
                return null;
            }

            path[i] = key.Value;
        }

        return new IterationFilter(next, path, constant.Value);
    }
}
