using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using Mandate.Rego.Values;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mandate.Rego.Tests.Conformance;

/// <summary>
/// Reads YAML the way OPA's runner does (Go's sigs.k8s.io/yaml over yaml.v2): YAML 1.1 plain-scalar
/// resolution (y/yes/on/off are booleans, 0x/0o ints, floats need a digit pattern) and map keys that
/// are not strings become their JSON text ("true", "1").
/// </summary>
internal static partial class Yaml11
{
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    public static RegoValue ToValue(YamlNode node) => node switch
    {
        YamlScalarNode s => Scalar(s),
        YamlSequenceNode seq => RegoArray.From(seq.Children.Select(ToValue)),
        YamlMappingNode map => Mapping(map),
        _ => RegoNull.Instance,
    };

    private static RegoObject Mapping(YamlMappingNode map)
    {
        var b = new RegoObject.Builder();
        foreach (var (k, v) in map.Children)
        {
            var key = ToValue(k);
            b.Set(key is RegoString ? key : RegoString.From(key is RegoNull ? "null" : RegoJson.Serialize(key)), ToValue(v));
        }

        return b.Build();
    }

    private static RegoValue Scalar(YamlScalarNode s)
    {
        var text = s.Value ?? string.Empty;
        if (s.Style != ScalarStyle.Plain || (s.Tag.IsEmpty == false && s.Tag.Value == "tag:yaml.org,2002:str"))
        {
            return RegoString.From(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return RegoNull.Instance;
            case "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON":
                return RegoBoolean.True;
            case "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF":
                return RegoBoolean.False;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "-.inf" or ".nan" or ".NaN" or ".NAN":
                return RegoString.From(text);
        }

        var plain = text.Replace("_", string.Empty, StringComparison.Ordinal);
        if (TryParseGoInt(plain, out var bi))
        {
            return RegoNumber.From(bi);
        }

        if (FloatPattern().IsMatch(plain) && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            return RegoNumber.From(d);
        }

        return RegoString.From(text);
    }

    /// <summary>Go's strconv.ParseInt(s, 0, 64) / ParseUint: decimal, 0x hex, 0o/0 octal, 0b binary.</summary>
    private static bool TryParseGoInt(string s, out BigInteger value)
    {
        value = default;
        if (s.Length == 0)
        {
            return false;
        }

        var neg = s[0] == '-';
        var body = s[0] is '-' or '+' ? s[1..] : s;
        if (body.Length == 0)
        {
            return false;
        }

        int radix = 10;
        if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            radix = 16;
            body = body[2..];
        }
        else if (body.StartsWith("0o", StringComparison.OrdinalIgnoreCase))
        {
            radix = 8;
            body = body[2..];
        }
        else if (body.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
        {
            radix = 2;
            body = body[2..];
        }
        else if (body.Length > 1 && body[0] == '0')
        {
            radix = 8;
            body = body[1..];
        }

        if (body.Length == 0)
        {
            return false;
        }

        BigInteger acc = 0;
        foreach (var c in body)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix)
            {
                return false;
            }

            acc = (acc * radix) + digit;
        }

        value = neg ? -acc : acc;
        // Go's 64-bit parsers accept up to the uint64 range.
        return value >= long.MinValue && value <= ulong.MaxValue;
    }
}
