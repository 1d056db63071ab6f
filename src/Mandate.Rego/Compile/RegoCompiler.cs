using System.Diagnostics;
using Mandate.Rego.Builtins;
using Mandate.Rego.Compile.Stages;
using Mandate.Rego.Syntax;
using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Compile;

/// <summary>
/// Compiles a set of Rego modules. Stages run in the order of <see cref="Stages"/>; compilation stops
/// after the first stage that reports errors (as OPA's compiler does), so later stages can rely on the
/// invariants of earlier ones.
/// </summary>
public sealed class RegoCompiler
{
    /// <summary>The ordered stage table: name (timing key) and the stage.</summary>
    private static readonly (string Name, Action<CompileContext> Run)[] Stages =
    [
        // OPA's early checks, in OPA's stage order, on the parsed modules: arguments named input/data
        // and (strict) unused imports (OPA's ResolveRefs), keyword overrides, duplicate imports, then
        // local variables (OPA's RewriteLocalVars). Each stops compilation before rule conflicts.
        ("CheckArgs", CheckKeywordOverrides.RunArgs),
        ("CheckUnusedImports", CheckImports.RunUnused),
        ("CheckKeywordOverrides", CheckKeywordOverrides.Run),
        ("CheckDuplicateImports", CheckImports.RunDuplicates),
        ("CheckLocalVars", CheckLocalVars.Run),

        // Places rules in the document tree; every later stage resolves names against it.
        ("BuildRuleTree", BuildRuleTree.Run),

        // Needs the tree (package rule names, function nodes); assigns variable slots.
        ("ResolveRefs", ResolveRefs.Run),

        // Needs slots and call targets from ResolveRefs; reorders bodies.
        ("CheckSafety", CheckSafety.Run),

        // Needs resolved data references and call targets.
        ("CheckRecursion", CheckRecursion.Run),

        // Needs call targets, safe ordered bodies and the dependency order of CheckRecursion: type
        // inference and type errors (OPA's CheckTypes, after its recursion check).
        ("CheckTypes", CheckTypes.Run),

        // OPA's CheckDeprecatedBuiltins, which runs after its type check.
        ("CheckDeprecatedBuiltins", CheckBuiltinCalls.Run),

        // Folds rules like `p := 7` into constants; must run last (it relies on safe, resolved rules).
        ("FoldConstants", FoldConstants.Run),
    ];

    private readonly List<(string File, string Source, RegoVersion Version)> _sources = [];
    private readonly CompilerOptions _options;
    private readonly BuiltinRegistry _builtins;

    public RegoCompiler(CompilerOptions? options = null, BuiltinRegistry? builtins = null)
    {
        _options = options ?? new CompilerOptions();
        _builtins = builtins ?? BuiltinRegistry.Default;
    }

    /// <summary>Time spent per stage in the last compilation.</summary>
    public IReadOnlyDictionary<string, TimeSpan> StageTimings => _timings;

    private readonly Dictionary<string, TimeSpan> _timings = [];

    public RegoCompiler AddModule(string file, string source, RegoVersion version = RegoVersion.V1)
    {
        _sources.Add((file, source, version));
        return this;
    }

    public CompiledPolicy Compile(RegoValue? data = null) =>
        TryCompile(out var policy, out var errors, data) ? policy! : throw new RegoCompileException(errors);

    public bool TryCompile(out CompiledPolicy? policy, out IReadOnlyList<RegoError> errors, RegoValue? data = null)
    {
        policy = null;
        var modules = new List<Module>();
        var all = new List<RegoError>();
        foreach (var (file, source, version) in _sources)
        {
            var m = Parser.ParseModule(source, file, version, out var parseErrors);
            all.AddRange(parseErrors);
            if (m is not null)
            {
                modules.Add(m);
            }
        }

        if (all.Count > 0)
        {
            errors = Limit(all);
            return false;
        }

        var ctx = new CompileContext(modules, _builtins, _options);
        _timings.Clear();
        foreach (var (name, run) in Stages)
        {
            var start = Stopwatch.GetTimestamp();
            run(ctx);
            _timings[name] = Stopwatch.GetElapsedTime(start);
            if (ctx.Errors.Count > 0)
            {
                errors = Limit(ctx.Errors.OrderBy(e => e.Location.File, StringComparer.Ordinal).ThenBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToList());
                return false;
            }
        }

        errors = [];
        policy = new CompiledPolicy(ctx.Root, modules, _builtins, _options, data ?? RegoObject.Empty) { Types = ctx.Types };
        return true;
    }

    private List<RegoError> Limit(List<RegoError> errors)
    {
        if (errors.Count <= _options.ErrorLimit)
        {
            return errors;
        }

        var limited = errors.Take(_options.ErrorLimit).ToList();
        limited.Add(new RegoError(errors[0].Code, "error limit reached", default));
        return limited;
    }
}
