using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>Type tests (is_*, type_name). The tests answer false for other types; they never fail.</summary>
internal static class Types
{
    [RegoBuiltin("is_number")]
    public static RegoValue IsNumber(RegoValue v) => RegoBoolean.From(v.Kind == ValueKind.Number);

    [RegoBuiltin("is_string")]
    public static RegoValue IsString(RegoValue v) => RegoBoolean.From(v.Kind == ValueKind.String);

    [RegoBuiltin("is_boolean")]
    public static RegoValue IsBoolean(RegoValue v) => RegoBoolean.From(v.Kind == ValueKind.Boolean);

    [RegoBuiltin("is_array")]
    public static RegoValue IsArray(RegoValue v) => RegoBoolean.From(v.Kind == ValueKind.Array);

    [RegoBuiltin("is_set")]
    public static RegoValue IsSet(RegoValue v) => RegoBoolean.From(v.Kind == ValueKind.Set);

    [RegoBuiltin("is_object")]
    public static RegoValue IsObject(RegoValue v) => RegoBoolean.From(v.Kind == ValueKind.Object);

    [RegoBuiltin("is_null")]
    public static RegoValue IsNull(RegoValue v) => RegoBoolean.From(v.Kind == ValueKind.Null);

    [RegoBuiltin("type_name")]
    public static RegoValue TypeName(RegoValue v) => RegoString.From(v.TypeName);
}
