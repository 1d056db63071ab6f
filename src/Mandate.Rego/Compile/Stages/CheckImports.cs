using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Compile.Stages;

/// <summary>
/// OPA's import checks. Unused imports are an error in strict mode only; an import that shadows an
/// earlier one (same name) is an error in strict mode and in every Rego v1 module (OPA 1.0 made it so).
/// <c>future.*</c> and <c>rego.*</c> imports switch language features on and are never "unused".
/// </summary>
internal static class CheckImports
{
    public static void RunUnused(CompileContext ctx)
    {
        if (!ctx.Options.Strict)
        {
            return;
        }

        foreach (var module in ctx.Modules)
        {
            var candidates = module.Imports.Where(i => i.Path.Head is VarTerm { Name: "data" or "input" }).ToList();
            if (candidates.Count == 0)
            {
                continue;
            }

            var used = ImportUsage.NamesReferenced(module, candidates.Select(i => i.Name).ToHashSet(StringComparer.Ordinal));
            foreach (var imp in candidates.Where(i => !used.Contains(i.Name)))
            {
                ctx.Error(RegoErrorCodes.CompileError, $"{Describe(imp)} unused", imp.Location);
            }
        }
    }

    public static void RunDuplicates(CompileContext ctx)
    {
        foreach (var module in ctx.Modules.Where(m => ctx.Options.Strict || m.Version == RegoVersion.V1))
        {
            var seen = new Dictionary<string, Import>(StringComparer.Ordinal);
            foreach (var imp in module.Imports)
            {
                if (!seen.TryAdd(imp.Name, imp))
                {
                    ctx.Error(RegoErrorCodes.CompileError, $"import must not shadow {Describe(seen[imp.Name])}", imp.Location);
                }
            }
        }
    }

    /// <summary>The import as OPA prints it: <c>import data.a["b-c"] as x</c>.</summary>
    internal static string Describe(Import imp) =>
        "import " + DescribeRef(imp.Path) + (imp.Alias is null ? string.Empty : " as " + imp.Alias);

    private static string DescribeRef(RefTerm r) =>
        r.Head + string.Concat(r.Path.Select(p => p is ScalarTerm { Value: RegoString s }
            ? IsIdentifier(s.Value) ? "." + s.Value : "[" + s + "]"
            : "[" + p + "]"));

    internal static bool IsIdentifier(string s) =>
        s.Length > 0 && (char.IsAsciiLetter(s[0]) || s[0] == '_') && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
