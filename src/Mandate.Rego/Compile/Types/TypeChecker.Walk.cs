using Mandate.Rego.Compile.Stages;
using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Compile.Types;

/// <summary>
/// Visiting the direct sub-terms of a term without allocating (the checker walks every expression
/// three times: hoisting calls, closures, refs), so type checking adds little to compile time.
/// Callers pass static lambdas, which are cached delegates.
/// </summary>
internal sealed partial class TypeChecker
{
    private void EachChild(Term t, List<RegoError> errors, Action<TypeChecker, Term, List<RegoError>> visit) =>
        TermChildren.ForEach(t, (Self: this, Errors: errors, Visit: visit), static (s, c) => s.Visit(s.Self, c, s.Errors));
}
