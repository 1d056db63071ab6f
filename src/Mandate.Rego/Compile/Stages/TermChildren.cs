using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Compile.Stages;

/// <summary>
/// The direct sub-terms of a term (a call's arguments, not its operator; comprehensions have none here,
/// their parts are walked by the caller), visited without allocating: the callback is a static lambda
/// and the state a struct or the caller itself. Shared by <see cref="AstVisitor"/> and the type checker.
/// </summary>
internal static class TermChildren
{
    public static void ForEach<TState>(Term t, TState state, Action<TState, Term> visit)
    {
        switch (t)
        {
            case RefTerm r:
                visit(state, r.Head);
                foreach (var p in r.Path)
                {
                    visit(state, p);
                }

                break;
            case ArrayTerm a:
                Each(a.Items, state, visit);
                break;
            case SetTerm s:
                Each(s.Items, state, visit);
                break;
            case ObjectTerm o:
                foreach (var (k, v) in o.Items)
                {
                    visit(state, k);
                    visit(state, v);
                }

                break;
            case CallTerm c:
                Each(c.Args, state, visit);
                break;
            case TemplateTerm tt:
                foreach (var p in tt.Parts)
                {
                    if (p is Term pt)
                    {
                        visit(state, pt);
                    }
                }

                break;
        }
    }

    private static void Each<TState>(Term[] terms, TState state, Action<TState, Term> visit)
    {
        foreach (var x in terms)
        {
            visit(state, x);
        }
    }
}
