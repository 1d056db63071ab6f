using System.Text;
using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Compile.Types;

/// <summary>
/// The <c>rego_type_error</c>s of the type checker, worded and laid out as OPA prints them: a message,
/// then detail lines each on its own tab-indented line.
/// </summary>
internal static class TypeErrors
{
    /// <summary><c>name: invalid argument(s)</c> with the argument types found and the declaration.</summary>
    public static RegoError Arguments(string name, RegoType?[] have, FunctionType want, SourceLocation at) =>
        new(RegoErrorCodes.TypeError,
            $"{name}: invalid argument(s)\n\thave: ({string.Join(", ", have.Select(RegoType.Print))})\n\twant: {want.Want()}",
            at);

    /// <summary>A <c>with</c> replacing a function by one that does not take the same arguments.</summary>
    public static RegoError ArityMismatch(string name, RegoType?[] have, FunctionType want, SourceLocation at) =>
        new(RegoErrorCodes.TypeError,
            $"{name}: arity mismatch\n\thave: ({string.Join(", ", have.Select(RegoType.Print))})\n\twant: {want.Want(includeResult: false)}",
            at);

    /// <summary>A unification of two sides that cannot have one value.</summary>
    public static RegoError Match(RegoType? left, RegoType? right, SourceLocation at) =>
        new(RegoErrorCodes.TypeError, $"match error\n\tleft  : {RegoType.Print(left)}\n\tright : {RegoType.Print(right)}", at);

    /// <summary>A reference stepping into a value that has no keys (a scalar): the caret spans what was stepped into.</summary>
    /// <param name="step">Index in <see cref="RefTerm.Path"/> of the step that cannot be taken.</param>
    public static RegoError RefUnsupported(RefTerm r, int step, RegoType have)
    {
        var text = RefText(r, r.Path.Length);
        var message = $"undefined ref: {text}\n\t{text}\n\t{new string('^', RefText(r, step).Length)}\n\thave: {have}";
        return new RegoError(RegoErrorCodes.TypeError, message, At(r));
    }

    /// <summary>A reference step with a key the value cannot have.</summary>
    /// <param name="step">Index in <see cref="RefTerm.Path"/> of the offending step.</param>
    public static RegoError RefInvalid(RefTerm r, int step, RegoType? have, RegoType? want, List<RegoValue> oneOf)
    {
        var text = RefText(r, r.Path.Length);
        var pad = new string(' ', RefText(r, step).Length + 1);
        var sb = new StringBuilder($"undefined ref: {text}\n\t{text}\n\t{pad}^\n\t{pad}");
        sb.Append(have is not null ? $"have (type): {have}" : $"have: {TermText(r.Path[step])}");
        sb.Append("\n\t").Append(pad);
        sb.Append(oneOf.Count > 0 ? $"want (one of): [{string.Join(" ", oneOf)}]" : $"want (type): {RegoType.Print(want)}");
        return new RegoError(RegoErrorCodes.TypeError, sb.ToString(), At(r));
    }

    // OPA reports a ref error at the ref's head term.
    private static SourceLocation At(RefTerm r) => r.Head.Location.Line > 0 ? r.Head.Location : r.Location;

    /// <summary>The head and the first <paramref name="steps"/> steps of the ref, as OPA prints a ref.</summary>
    private static string RefText(RefTerm r, int steps)
    {
        var sb = new StringBuilder(TermText(r.Head));
        for (var i = 0; i < steps; i++)
        {
            if (r.Path[i] is ScalarTerm { Value: RegoString s } && Stages.CheckImports.IsIdentifier(s.Value))
            {
                sb.Append('.').Append(s.Value);
            }
            else
            {
                sb.Append('[').Append(TermText(r.Path[i])).Append(']');
            }
        }

        return sb.ToString();
    }

    private static string TermText(Term t) => t switch
    {
        VarTerm v => v.Name,
        RefTerm r => RefText(r, r.Path.Length),
        _ => t.ToString() ?? string.Empty,
    };
}
