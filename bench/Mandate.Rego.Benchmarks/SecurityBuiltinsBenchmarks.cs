using BenchmarkDotNet.Attributes;
using Mandate.Rego.Builtins;
using Mandate.Rego.Values;

namespace Mandate.Rego.Benchmarks;

/// <summary>
/// Builtins that intent policies call per decision: CIDR checks on security-group rules, timestamp parsing
/// for expiry checks, JWT verification of a caller's token, and schema matching of a proposed resource.
/// Called through the registry, as the evaluator calls them.
/// </summary>
[MemoryDiagnoser]
public class SecurityBuiltinsBenchmarks
{
    private static readonly RegoValue Cidr = RegoString.From("10.0.0.0/8");
    private static readonly RegoValue Address = RegoString.From("10.20.30.40");
    private static readonly RegoValue Timestamp = RegoString.From("2026-11-22T03:00:00.123456789+01:00");
    private static readonly RegoValue Schema = RegoJson.Parse("""{"type": "object", "required": ["bucket", "tags"], "properties": {"bucket": {"type": "string", "pattern": "^[a-z0-9.-]{3,63}$"}, "tags": {"type": "object", "required": ["owner"]}}}""");
    private static readonly RegoValue Document = RegoJson.Parse("""{"bucket": "my-data-bucket", "tags": {"owner": "team-a", "env": "prod"}}""");

    private BuiltinRegistry _registry = null!;
    private BuiltinContext _context = null!;
    private BuiltinDefinition _contains = null!;
    private BuiltinDefinition _parse = null!;
    private BuiltinDefinition _decodeVerify = null!;
    private BuiltinDefinition _matchSchema = null!;
    private RegoValue _token = RegoNull.Instance;
    private RegoValue _constraints = RegoNull.Instance;

    [GlobalSetup]
    public void Setup()
    {
        _registry = BuiltinRegistry.Default;
        _context = new BuiltinContext(now: DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        _contains = Get("net.cidr_contains");
        _parse = Get("time.parse_rfc3339_ns");
        _decodeVerify = Get("io.jwt.decode_verify");
        _matchSchema = Get("json.match_schema");
        _token = _registry.Invoke("io.jwt.encode_sign_raw", RegoString.From("""{"alg":"HS256","typ":"JWT"}"""),
            RegoString.From("""{"sub":"alice","iss":"mandate","exp":1800000000}"""), RegoString.From("""{"kty":"oct","k":"c2VjcmV0LWtleS1mb3ItYmVuY2htYXJrcw"}"""))!;
        _constraints = RegoJson.Parse("""{"secret": "secret-key-for-benchmarks", "iss": "mandate"}""");
    }

    private BuiltinDefinition Get(string name) => _registry.TryGet(name, out var definition) ? definition : throw new InvalidOperationException(name);

    [Benchmark]
    public RegoValue? CidrContains() => _contains.Invoke(_context, [Cidr, Address]);

    [Benchmark]
    public RegoValue? ParseRfc3339() => _parse.Invoke(_context, [Timestamp]);

    [Benchmark]
    public RegoValue? JwtDecodeVerifyHs256() => _decodeVerify.Invoke(_context, [_token, _constraints]);

    [Benchmark]
    public RegoValue? MatchSchema() => _matchSchema.Invoke(_context, [Document, Schema]);
}
