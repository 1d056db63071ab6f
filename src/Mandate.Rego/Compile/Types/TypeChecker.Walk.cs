using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Compile.Types;

/// <summary>
/// Visiting the direct sub-terms of a term without allocating (the checker walks every expression
/// three times: hoisting calls, closures, refs), so type checking adds little to compile time.
/// Callers pass static lambdas, which are cached delegates.
/// </summary>
internal sealed partial class TypeChecker
{
    private void EachChild(Term t, List<RegoError> errors, Action<TypeChecker, Term, List<RegoError>> visit)
    {
        switch (t)
        {
            case RefTerm r:
                visit(this, r.Head, errors);
                foreach (var p in r.Path)
                {
                    visit(this, p, errors);
                }

                break;
            case ArrayTerm a:
                foreach (var x in a.Items)
                {
                    visit(this, x, errors);
                }

                break;
            case SetTerm s:
                foreach (var x in s.Items)
                {
                    visit(this, x, errors);
                }

                break;
            case ObjectTerm o:
                foreach (var (k, v) in o.Items)
                {
                    visit(this, k, errors);
                    visit(this, v, errors);
                }

                break;
            case CallTerm c:
                foreach (var x in c.Args)
                {
                    visit(this, x, errors);
                }

                break;
            case TemplateTerm tt:
                foreach (var p in tt.Parts)
                {
                    if (p is Term pt)
                    {
                        visit(this, pt, errors);
                    }
                }

                break;
        }
    }
}
