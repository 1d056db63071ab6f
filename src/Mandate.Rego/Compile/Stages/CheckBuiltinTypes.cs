using Mandate.Rego.Builtins;
using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Compile.Stages;

/// <summary>
/// The part of OPA's type checker that needs no type inference: a builtin call whose arguments are
/// constant scalars of a type the builtin does not accept (<c>count(1)</c>, <c>upper(1)</c>) is a
/// <c>rego_type_error</c> at compile time, worded as OPA words it:
/// <code>
/// count: invalid argument(s)
///     have: (number, ???)
///     want: (collection: any&lt;string, array[any], object[any: any], set[any]&gt;, n: number)
/// </code>
/// <c>???</c> is the output variable OPA introduces for a call nested in another term. Calls with any
/// non-constant or composite argument are left to evaluation (OPA would infer their types; this engine
/// reports them as <c>eval_type_error</c> when they happen). Only builtins with a declaration in
/// <see cref="BuiltinSignatures"/> are checked.
/// </summary>
internal static class CheckBuiltinTypes
{
    public static void Run(CompileContext ctx)
    {
        foreach (var rule in ctx.Modules.SelectMany(m => m.Rules))
        {
            for (var r = rule; r is not null; r = r.Else)
            {
                foreach (var t in r.HeadRef.Skip(1).Concat(new[] { r.Key, r.Value }.OfType<Term>()))
                {
                    Term(ctx, t, nested: true);
                }

                Body(ctx, r.Body);
            }
        }
    }

    private static void Body(CompileContext ctx, Expr[] body)
    {
        foreach (var e in body)
        {
            switch (e)
            {
                case TermExpr t:
                    Term(ctx, t.Term, nested: false);
                    break;
                case SomeInExpr si:
                    Term(ctx, si.Collection, nested: true);
                    break;
                case EveryExpr ev:
                    Term(ctx, ev.Domain, nested: true);
                    Body(ctx, ev.Body);
                    break;
                case LogicExpr le:
                    Body(ctx, le.Left);
                    Body(ctx, le.Right);
                    break;
            }

            foreach (var w in e.With)
            {
                Term(ctx, w.Value, nested: true);
            }
        }
    }

    private static void Term(CompileContext ctx, Term t, bool nested)
    {
        switch (t)
        {
            case CallTerm { Target: BuiltinDefinition def } c:
                Check(ctx, def, c, nested);
                foreach (var a in c.Args)
                {
                    Term(ctx, a, nested: true);
                }

                return;
            case ArrayComprehension ac:
                Term(ctx, ac.Head, nested: true);
                Body(ctx, ac.Body);
                return;
            case SetComprehension sc:
                Term(ctx, sc.Head, nested: true);
                Body(ctx, sc.Body);
                return;
            case ObjectComprehension oc:
                Term(ctx, oc.Key, nested: true);
                Term(ctx, oc.Value, nested: true);
                Body(ctx, oc.Body);
                return;
        }

        foreach (var c in CheckSafety.Children(t))
        {
            Term(ctx, c, nested: true);
        }
    }

    private static void Check(CompileContext ctx, BuiltinDefinition def, CallTerm c, bool nested)
    {
        if (!BuiltinSignatures.TryGet(def.Name, out var sig) || c.Args.Length < sig!.Params.Length)
        {
            return;
        }

        var inputs = c.Args.AsSpan(0, sig.Params.Length);
        foreach (var a in inputs)
        {
            if (a is not ScalarTerm)
            {
                return;
            }
        }

        var admitted = true;
        for (var i = 0; i < inputs.Length && admitted; i++)
        {
            admitted = sig.Params[i].Admits(((ScalarTerm)inputs[i]).Value.Kind);
        }

        if (admitted)
        {
            return;
        }

        var have = new List<string>();
        foreach (var a in inputs)
        {
            have.Add(BuiltinSignatures.TypeName(((ScalarTerm)a).Value));
        }

        if (nested || c.Args.Length > sig.Params.Length)
        {
            // The result goes to a variable whose type is not known yet when the check fails.
            have.Add("???");
        }

        ctx.Error(RegoErrorCodes.TypeError, $"{def.Name}: invalid argument(s)\n\thave: ({string.Join(", ", have)})\n\twant: {sig.Want}", c.Location);
    }
}
