using System.Text;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// <c>io.jwt.decode_verify(jwt, constraints)</c>: verifies the signature with the constraint's "cert" or
/// "secret", follows nested tokens (cty "JWT"), then checks "alg", "iss", "aud", "exp" and "nbf" against the
/// constraints and the query's clock (or the constraint "time", in nanoseconds). A token that fails any check
/// gives <c>[false, {}, {}]</c>; malformed input is an error, with OPA's texts.
/// </summary>
internal static class JwtDecodeVerify
{
    private sealed class Constraints
    {
        public List<JwtKey>? Keys { get; set; }

        public string Secret { get; set; } = "";

        public string Algorithm { get; set; } = "";

        public string Issuer { get; set; } = "";

        public string Audience { get; set; } = "";

        public double TimeNanos { get; set; } = -1;
    }

    [RegoBuiltin("io.jwt.decode_verify")]
    public static RegoValue DecodeVerify(BuiltinContext context, RegoValue jwt, RegoValue constraintsValue)
    {
        var constraintObject = Operands.Object(constraintsValue, 2);
        var constraints = ReadConstraints(constraintObject, context.NowNanoseconds);
        try
        {
            return Evaluate(jwt, constraints);
        }
        finally
        {
            if (constraints.Keys is { } keys)
            {
                JwtKey.DisposeAll(keys);
            }
        }
    }

    private static RegoArray Unverified => RegoArray.From(RegoBoolean.False, RegoObject.Empty, RegoObject.Empty);

    private static RegoArray Evaluate(RegoValue jwt, Constraints constraints)
    {
        var current = jwt;
        RegoObject header;
        string payloadText;
        while (true)
        {
            var token = JwtToken.Split(current);
            header = token.DecodeHeader();
            var fields = JwtToken.ReadHeaderFields(header);
            if (!fields.Valid || (constraints.Algorithm.Length > 0 && constraints.Algorithm != fields.Algorithm))
            {
                return Unverified;
            }
            var signature = token.DecodeSignature(prefixed: false);
            if (!SignatureVerifies(constraints, fields, token.SigningInput, signature))
            {
                return Unverified;
            }
            payloadText = token.DecodePayloadText();
            if (string.Equals(fields.ContentType, "JWT", StringComparison.OrdinalIgnoreCase))
            {
                current = RegoString.From(payloadText);
                continue;
            }
            break;
        }
        var payload = JwtToken.ParseObject(payloadText);
        if (constraints.Issuer.Length > 0
            && (payload[RegoString.From("iss")] is not RegoString issuer || issuer.Value != constraints.Issuer))
        {
            return Unverified;
        }
        if (payload[RegoString.From("aud")] is { } audience)
        {
            if (!AudienceMatches(audience, constraints.Audience))
            {
                return Unverified;
            }
        }
        else if (constraints.Audience.Length > 0)
        {
            return Unverified;
        }
        var nowSeconds = constraints.TimeNanos / 1_000_000_000;
        if (payload[RegoString.From("exp")] is { } expiry)
        {
            if (expiry is not RegoNumber expiryNumber)
            {
                throw new BuiltinException("exp value must be a number");
            }
            if (nowSeconds >= expiryNumber.ToDouble())
            {
                return Unverified;
            }
        }
        if (payload[RegoString.From("nbf")] is { } notBefore)
        {
            if (notBefore is not RegoNumber notBeforeNumber)
            {
                throw new BuiltinException("nbf value must be a number");
            }
            if (nowSeconds < notBeforeNumber.ToDouble())
            {
                return Unverified;
            }
        }
        return RegoArray.From(RegoBoolean.True, header, payload);
    }

    private static bool SignatureVerifies(Constraints constraints, JwtToken.HeaderFields fields, byte[] input, byte[] signature)
    {
        if (constraints.Keys is { } keys)
        {
            if (fields.KeyId.Length > 0 && keys.FirstOrDefault(k => k.KeyId == fields.KeyId) is { } byId)
            {
                return Jws.Verify(byId, fields.Algorithm, input, signature);
            }
            foreach (var key in keys)
            {
                if (key.Algorithm.Length > 0 && key.Algorithm != fields.Algorithm)
                {
                    continue;
                }
                if (Jws.Verify(key, fields.Algorithm, input, signature))
                {
                    return true;
                }
            }
            return false;
        }
        using var secretKey = new JwtKey { Secret = Encoding.UTF8.GetBytes(constraints.Secret) };
        return Jws.Verify(secretKey, fields.Algorithm, input, signature);
    }

    private static bool AudienceMatches(RegoValue audience, string expected) => audience switch
    {
        RegoString s => s.Value == expected,
        RegoArray array => array.Items.ToArray().Any(item => item is RegoString s && s.Value == expected),
        _ => false,
    };

    private static Constraints ReadConstraints(RegoObject constraintObject, long nowNanos)
    {
        var constraints = new Constraints();
        var names = constraintObject.Keys;
        var values = constraintObject.Values;
        try
        {
            for (var i = 0; i < names.Length; i++)
            {
                var name = names[i] is RegoString s ? s.Value : names[i].ToString();
                var value = values[i];
                switch (name)
                {
                    case "cert":
                        var certificate = value as RegoString ?? throw new BuiltinException("cert constraint: must be a string");
                        constraints.Keys = JwtKey.FromCertificateOrJwk(certificate.Value);
                        break;
                    case "secret": constraints.Secret = ConstraintString(name, value); break;
                    case "alg": constraints.Algorithm = ConstraintString(name, value); break;
                    case "iss": constraints.Issuer = ConstraintString(name, value); break;
                    case "aud": constraints.Audience = ConstraintString(name, value); break;
                    case "time": constraints.TimeNanos = TimeOf(value); break;
                    default: throw new BuiltinException("unknown token validation constraint: " + name);
                }
            }
            if (constraints.TimeNanos < 0)
            {
                constraints.TimeNanos = nowNanos;
            }
            var keySources = (constraints.Keys is not null ? 1 : 0) + (constraints.Secret.Length > 0 ? 1 : 0);
            if (keySources > 1)
            {
                throw new BuiltinException("duplicate key constraints");
            }
            if (keySources < 1)
            {
                throw new BuiltinException("no key constraint");
            }
            return constraints;
        }
        catch
        {
            if (constraints.Keys is { } keys)
            {
                JwtKey.DisposeAll(keys);
            }
            throw;
        }
    }

    private static double TimeOf(RegoValue value)
    {
        var number = value as RegoNumber ?? throw new BuiltinException("token time constraint: must be a number");
        var time = number.ToDouble();
        if (double.IsInfinity(time) || double.IsNaN(time))
        {
            throw new BuiltinException("token time constraint: unvalid float64");
        }
        return time < 0 ? throw new BuiltinException("token time constraint: must not be negative") : time;
    }

    private static string ConstraintString(string name, RegoValue value) =>
        value is RegoString s ? s.Value : throw new BuiltinException($"{name} constraint: must be a string");
}
