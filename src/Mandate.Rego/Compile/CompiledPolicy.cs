using Mandate.Rego.Builtins;
using Mandate.Rego.Compile.Stages;
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

    public CompilerOptions Options { get; }

    /// <summary>Base documents under <c>data</c>.</summary>
    public RegoValue Data { get; }

    /// <summary>The same policy with other base documents.</summary>
    public CompiledPolicy WithData(RegoValue data) => new(Root, Modules, Builtins, Options, data);

    /// <summary>Parses and compiles a query once; throws <see cref="RegoCompileException"/> on errors.</summary>
    public PreparedQuery Prepare(string query) =>
        TryPrepare(query, out var prepared, out var errors) ? prepared! : throw new RegoCompileException(errors);

    public bool TryPrepare(string query, out PreparedQuery? prepared, out IReadOnlyList<RegoError> errors)
    {
        prepared = null;
        var body = Parser.ParseQuery(query, out errors);
        if (body is null)
        {
            return false;
        }

        var ctx = new CompileContext([], Builtins, Options);
        CopyTree(ctx);
        var vars = ResolveRefs.ResolveQuery(ctx, ref body, out var slots);
        if (ctx.Errors.Count == 0)
        {
            body = CheckSafety.Order(ctx, body, []);
        }

        if (ctx.Errors.Count > 0)
        {
            errors = ctx.Errors;
            return false;
        }

        prepared = new PreparedQuery(this, body, slots, vars);
        return true;
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
