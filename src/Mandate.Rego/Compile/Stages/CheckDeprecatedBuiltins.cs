using Mandate.Rego.Builtins;

namespace Mandate.Rego.Compile.Stages;

/// <summary>
/// Calls to builtins OPA deprecates (<c>any</c>, <c>all</c>, <c>re_match</c>, <c>set_diff</c>,
/// <c>net.cidr_overlap</c>, the <c>cast_*</c> family: <see cref="BuiltinDefinition.Deprecated"/>) are type
/// errors in strict mode and in every Rego v1 module, as in OPA 1.x. Checked on resolved calls (by
/// <see cref="CheckBuiltinCalls"/>), so a user function that happens to share a deprecated name is not
/// reported.
/// </summary>
internal static class CheckDeprecatedBuiltins
{
    public static RegoError Error(BuiltinDefinition def, SourceLocation at) =>
        new(RegoErrorCodes.TypeError, $"deprecated built-in function calls in expression: {def.Name}", at);
}
