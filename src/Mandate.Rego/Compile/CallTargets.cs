namespace Mandate.Rego.Compile;

/// <summary>Calls the evaluator implements itself because they bind variables or need its state.</summary>
internal enum SpecialCall
{
    /// <summary><c>a = b</c>: unification.</summary>
    Unify,

    /// <summary><c>a := b</c>: declaration plus unification.</summary>
    Assign,

    Print,
    Walk,
    Trace,
}

/// <summary>A call whose function is chosen at run time: <c>data.pkg[name](x)</c>.</summary>
internal sealed record DynamicCallTarget(Syntax.Ast.RefTerm Ref);
