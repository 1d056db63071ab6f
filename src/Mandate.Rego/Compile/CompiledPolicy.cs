using Mandate.Rego.Builtins;
using Mandate.Rego.Compile.Stages;
using Mandate.Rego.Compile.Types;
using Mandate.Rego.Eval;
using Mandate.Rego.Syntax;
using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Compile;

/// <summary>
/// The immutable result of compiling a set of modules. Safe to share between threads; prepare queries
/// against it once and evaluate them many times.
/// </summary>
public sealed class CompiledPolicy
{
    internal CompiledPolicy(RuleNode root, IReadOnlyList<Module> modules, BuiltinRegistry builtins, CompilerOptions options, RegoValue data)
    {
        Root = root;
        Modules = modules;
        Builtins = builtins;
        Options = options;
        Data = data;
    }

    public RuleNode Root { get; }

    public IReadOnlyList<Module> Modules { get; }

    internal BuiltinRegistry Builtins { get; }

    /// <summary>The rules' inferred types, read (never changed) when a query is type-checked.</summary>
    internal DataTypes Types { get; init; } = new();

    public CompilerOptions Options { get; }

    /// <summary>Base documents under <c>data</c>.</summary>
    public RegoValue Data { get; }

    /// <summary>The same policy with other base documents.</summary>
    public CompiledPolicy WithData(RegoValue data) => new(Root, Modules, Builtins, Options, data) { Types = Types };

    /// <summary>Parses and compiles a query once; throws <see cref="RegoCompileException"/> on errors.</summary>
    public PreparedQuery Prepare(string query, bool captureExpressions = false) =>
        TryPrepare(query, out var prepared, out var errors, captureExpressions) ? prepared! : throw new RegoCompileException(errors);

    /// <param name="captureExpressions">
    /// Also record the value of each top-level expression (as <c>opa eval</c> prints them): plain terms
    /// yield their value, other expressions <c>true</c>. See <see cref="QueryResult.ExpressionValues"/>.
    /// </param>
    public bool TryPrepare(string query, out PreparedQuery? prepared, out IReadOnlyList<RegoError> errors, bool captureExpressions = false)
    {
        prepared = null;
        var body = Parser.ParseQuery(query, out errors);
        if (body is null)
        {
            return false;
        }

        var texts = body.Select(e => ExpressionText(query, e)).ToArray();
        if (captureExpressions)
        {
            body = body.Select((e, i) => e is TermExpr { Term: not CallTerm } t && !e.Negated
                ? new TermExpr(new CallTerm(new VarTerm("eq"), "eq", [new VarTerm(PreparedQuery.CaptureVar(i)) { Location = t.Location }, t.Term]) { Location = t.Location })
                { Location = e.Location, With = e.With }
                : e).ToArray();
        }

        var ctx = new CompileContext([], Builtins, Options);
        CopyTree(ctx);
        QueryChecks.BeforeResolve(ctx, body);
        if (ctx.Errors.Count > 0)
        {
            errors = ctx.Errors;
            return false;
        }

        var vars = ResolveRefs.ResolveQuery(ctx, ref body, out var slots);
        if (ctx.Errors.Count == 0)
        {
            body = CheckSafety.Order(ctx, body, []);
        }

        if (ctx.Errors.Count == 0)
        {
            QueryChecks.AfterSafety(ctx, body, slots, Types);
        }

        if (ctx.Errors.Count > 0)
        {
            errors = ctx.Errors;
            return false;
        }

        prepared = new PreparedQuery(this, body, slots, vars, captureExpressions ? texts : null);
        return true;
    }

    private static string ExpressionText(string query, Expr e)
    {
        // The source text of one top-level expression: from its start to the next line or ';'.
        var start = Math.Clamp(e.Location.Offset, 0, query.Length);
        var end = query.IndexOfAny([';', '\n'], start);
        return query[start..(end < 0 ? query.Length : end)].Trim();
    }

    private void CopyTree(CompileContext ctx)
    {
        // Queries resolve against the compiled tree; the context's own root is unused but must mirror it.
        foreach (var (name, child) in Root.Children)
        {
            ctx.Root.Children[name] = child;
        }
    }
}
