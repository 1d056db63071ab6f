using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// OPA's declared parameter and result types for the builtins whose calls the compiler type-checks
/// (<see cref="Compile.Stages.CheckBuiltinTypes"/>). Each type keeps OPA's printed form, because the
/// <c>want:</c> line of a <c>rego_type_error</c> shows the declaration exactly as OPA prints it (named
/// parameters, <c>any&lt;…&gt;</c> members in OPA's type order: string, array, object, set).
/// </summary>
internal static class BuiltinSignatures
{
    /// <summary>A declared type: how OPA prints it and which value kinds it admits.</summary>
    internal sealed record ParamType(string Display, ValueKind[] Kinds)
    {
        /// <summary>True for <c>any</c> (admits every value).</summary>
        public bool IsAny => Kinds.Length == 0;

        public bool Admits(ValueKind kind) => IsAny || Kinds.Contains(kind);
    }

    internal sealed record Signature(string[] ParamNames, ParamType[] Params, string ResultName, ParamType Result)
    {
        /// <summary>OPA's <c>want:</c> text: named parameters, then the named result.</summary>
        public string Want => "(" + string.Join(", ", Params.Select((p, i) => $"{ParamNames[i]}: {p.Display}").Append($"{ResultName}: {Result.Display}")) + ")";
    }

    private static readonly ParamType S = new("string", [ValueKind.String]);
    private static readonly ParamType N = new("number", [ValueKind.Number]);
    private static readonly ParamType B = new("boolean", [ValueKind.Boolean]);
    private static readonly ParamType A = new("any", []);
    private static readonly ParamType ArrayOfAny = new("array[any]", [ValueKind.Array]);
    private static readonly ParamType ArrayOfStrings = new("array[string]", [ValueKind.Array]);
    private static readonly ParamType ArrayOfNumbers = new("array[number]", [ValueKind.Array]);
    private static readonly ParamType ArrayOfStringArrays = new("array[array[string]]", [ValueKind.Array]);
    private static readonly ParamType Collection = new("any<string, array[any], object[any: any], set[any]>", [ValueKind.String, ValueKind.Array, ValueKind.Object, ValueKind.Set]);
    private static readonly ParamType NumberCollection = new("any<array[number], set[number]>", [ValueKind.Array, ValueKind.Set]);
    private static readonly ParamType AnyCollection = new("any<array[any], set[any]>", [ValueKind.Array, ValueKind.Set]);
    private static readonly ParamType StringCollection = new("any<array[string], set[string]>", [ValueKind.Array, ValueKind.Set]);
    private static readonly ParamType Scalar = new("any<null, boolean, number, string>", [ValueKind.Null, ValueKind.Boolean, ValueKind.Number, ValueKind.String]);

    private static readonly Dictionary<string, Signature> Table = new(StringComparer.Ordinal)
    {
        ["count"] = new(["collection"], [Collection], "n", N),
        ["sum"] = new(["collection"], [NumberCollection], "n", N),
        ["product"] = new(["collection"], [NumberCollection], "n", N),
        ["max"] = new(["collection"], [AnyCollection], "n", A),
        ["min"] = new(["collection"], [AnyCollection], "n", A),
        ["sort"] = new(["collection"], [AnyCollection], "n", ArrayOfAny),
        ["array.concat"] = new(["x", "y"], [ArrayOfAny, ArrayOfAny], "z", ArrayOfAny),
        ["array.slice"] = new(["arr", "start", "stop"], [ArrayOfAny, N, N], "slice", ArrayOfAny),
        ["array.reverse"] = new(["arr"], [ArrayOfAny], "rev", ArrayOfAny),
        ["to_number"] = new(["x"], [Scalar], "num", N),
        ["regex.match"] = new(["pattern", "value"], [S, S], "result", B),
        ["regex.is_valid"] = new(["pattern"], [S], "result", B),
        ["regex.split"] = new(["pattern", "value"], [S, S], "output", ArrayOfStrings),
        ["regex.find_n"] = new(["pattern", "value", "number"], [S, S, N], "output", ArrayOfStrings),
        ["regex.find_all_string_submatch_n"] = new(["pattern", "value", "number"], [S, S, N], "output", ArrayOfStringArrays),
        ["regex.globs_match"] = new(["glob1", "glob2"], [S, S], "result", B),
        ["concat"] = new(["delimiter", "collection"], [S, StringCollection], "output", S),
        ["format_int"] = new(["number", "base"], [N, N], "output", S),
        ["indexof"] = new(["haystack", "needle"], [S, S], "output", N),
        ["indexof_n"] = new(["haystack", "needle"], [S, S], "output", ArrayOfNumbers),
        ["substring"] = new(["value", "offset", "length"], [S, N, N], "output", S),
        ["contains"] = new(["haystack", "needle"], [S, S], "result", B),
        ["startswith"] = new(["search", "base"], [S, S], "result", B),
        ["endswith"] = new(["search", "base"], [S, S], "result", B),
        ["lower"] = new(["x"], [S], "y", S),
        ["upper"] = new(["x"], [S], "y", S),
        ["split"] = new(["x", "delimiter"], [S, S], "ys", ArrayOfStrings),
        ["replace"] = new(["x", "old", "new"], [S, S, S], "y", S),
    };

    public static bool TryGet(string name, out Signature? signature) => Table.TryGetValue(name, out signature);

    /// <summary>OPA's type name of a constant scalar (the <c>have:</c> line).</summary>
    public static string TypeName(RegoValue value) => value.Kind switch
    {
        ValueKind.Null => "null",
        ValueKind.Boolean => "boolean",
        ValueKind.Number => "number",
        _ => "string",
    };
}
