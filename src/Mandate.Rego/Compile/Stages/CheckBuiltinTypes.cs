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
/// <see cref="BuiltinSignatures"/> are checked. Calls are found by <see cref="CheckBuiltinCalls"/>.
/// </summary>
internal static class CheckBuiltinTypes
{
    /// <summary>The type error for the call, or null when its arguments are fine or not all constants.</summary>
    public static RegoError? Check(BuiltinDefinition def, CallTerm c, bool nested)
    {
        if (!BuiltinSignatures.TryGet(def.Name, out var sig) || c.Args.Length < sig!.Params.Length)
        {
            return null;
        }

        var inputs = c.Args.AsSpan(0, sig.Params.Length);
        foreach (var a in inputs)
        {
            if (a is not ScalarTerm)
            {
                return null;
            }
        }

        var admitted = true;
        for (var i = 0; i < inputs.Length && admitted; i++)
        {
            admitted = sig.Params[i].Admits(((ScalarTerm)inputs[i]).Value.Kind);
        }

        if (admitted)
        {
            return null;
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

        return new RegoError(RegoErrorCodes.TypeError, $"{def.Name}: invalid argument(s)\n\thave: ({string.Join(", ", have)})\n\twant: {sig.Want}", c.Location);
    }
}
