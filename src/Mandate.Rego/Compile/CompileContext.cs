using Mandate.Rego.Builtins;
using Mandate.Rego.Compile.Types;
using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Compile;

/// <summary>The state the compile stages share: modules in, rule tree and errors out.</summary>
internal sealed class CompileContext
{
    public CompileContext(List<Module> modules, BuiltinRegistry builtins, CompilerOptions options)
    {
        Modules = modules;
        Builtins = builtins;
        Options = options;
    }

    public List<Module> Modules { get; }

    public BuiltinRegistry Builtins { get; }

    public CompilerOptions Options { get; }

    public RuleNode Root { get; } = new([]);

    public List<RegoError> Errors { get; } = [];

    /// <summary>Rule nodes, each after the nodes its rules depend on (set by CheckRecursion).</summary>
    public List<RuleNode> DependencyOrder { get; } = [];

    /// <summary>The rules' inferred types (filled by CheckTypes; queries are checked against them).</summary>
    public DataTypes Types { get; } = new();

    public void Error(string code, string message, SourceLocation at) => Errors.Add(new RegoError(code, message, at));
}

/// <summary>Compiler settings.</summary>
public sealed record CompilerOptions
{
    /// <summary>
    /// OPA's strict mode (<c>opa check --strict</c>): unused imports, unused <c>:=</c> variables and
    /// function arguments become compile errors, and the Rego v1 rules (no duplicate imports, no
    /// rules/variables named <c>input</c>/<c>data</c>, no deprecated builtins) apply to v0 modules too.
    /// </summary>
    public bool Strict { get; init; }

    /// <summary>Stop reporting after this many errors (OPA's default is 10).</summary>
    public int ErrorLimit { get; init; } = 10;
}
