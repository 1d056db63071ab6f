using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Compile.Types;

/// <summary>
/// References inside an <c>every</c> body. OPA does not infer types there, but its reference checker
/// walks the whole <c>every</c> expression, so a reference the rule tree (or an outer variable's type)
/// makes impossible is an <c>undefined ref</c> error there too. Comprehensions stay skipped (they are
/// closures), and so do body-local variables, which have no type (<c>any</c>).
/// </summary>
internal sealed partial class TypeChecker
{
    private void CheckEveryBodyRefs(Expr[] body, List<RegoError> errors)
    {
        foreach (var e in body)
        {
            switch (e)
            {
                case TermExpr te:
                    CheckRefsInCalls(te.Term, errors);
                    break;
                case SomeInExpr si:
                    CheckRefsInCalls(si.Collection, errors);
                    break;
                case EveryExpr ev:
                    CheckRefsInCalls(ev.Domain, errors);
                    CheckEveryBodyRefs(ev.Body, errors);
                    break;
            }
        }
    }

    /// <summary>As <see cref="CheckRefs"/>, but also in call arguments (nothing in the body is hoisted and checked as a call).</summary>
    private void CheckRefsInCalls(Term t, List<RegoError> errors)
    {
        switch (t)
        {
            case ArrayComprehension or SetComprehension or ObjectComprehension or ScalarTerm or VarTerm:
                return;
            case RefTerm r when CheckRef(r) is { } error:
                errors.Add(error);
                return;
        }

        EachChild(t, errors, static (self, c, e) => self.CheckRefsInCalls(c, e));
    }
}
