using Mandate.Rego.Builtins.Go;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>yaml.marshal, yaml.unmarshal and yaml.is_valid (see <see cref="YamlReader"/> for what is read).</summary>
internal static class EncodingYaml
{
    [RegoBuiltin("yaml.marshal")]
    public static RegoValue Marshal(BuiltinContext ctx, RegoValue x)
    {
        string yaml = YamlWriter.Write(x);
        ctx.ChargeOutput(yaml.Length);
        return RegoString.From(yaml);
    }

    [RegoBuiltin("yaml.unmarshal")]
    public static RegoValue Unmarshal(RegoValue s)
    {
        string text = Operands.String(s, 1);
        try
        {
            return YamlReader.Read(text);
        }
        catch (FormatException e)
        {
            throw new BuiltinException(e.Message);
        }
    }

    [RegoBuiltin("yaml.is_valid")]
    public static RegoValue IsValid(RegoValue s)
    {
        if (s is not RegoString str) return RegoBoolean.False;
        try
        {
            YamlReader.Read(str.Value);
            return RegoBoolean.True;
        }
        catch (FormatException)
        {
            return RegoBoolean.False;
        }
    }
}
