using Mandate.Rego.Builtins;
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

    public void Error(string code, string message, SourceLocation at) => Errors.Add(new RegoError(code, message, at));
}

/// <summary>Compiler settings.</summary>
public sealed record CompilerOptions
{
    /// <summary>
    /// OPA's strict mode (unused imports and local vars, deprecated builtins, shadowed keywords as errors).
    /// Accepted but not yet enforced: the compiler reports the same errors with or without it.
    /// </summary>
    public bool Strict { get; init; }

    /// <summary>Stop reporting after this many errors (OPA's default is 10).</summary>
    public int ErrorLimit { get; init; } = 10;
}
