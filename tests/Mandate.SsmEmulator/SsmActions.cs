namespace Mandate.SsmEmulator;

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

/// <summary>
/// The Parameter Store actions the hashicorp/aws provider calls for <c>aws_ssm_parameter</c> (create, read, update,
/// delete, import, tags) and the batch reads next to them, shaped like the SSM API reference: request members in,
/// response members out, times as epoch seconds.
/// </summary>
internal sealed class SsmActions(ParameterStore store)
{
    private const int MaxDescribeResults = 50;
    private const int DefaultDescribeResults = 10;

    public static readonly IReadOnlyList<string> Names =
    [
        "AddTagsToResource", "DeleteParameter", "DeleteParameters", "DescribeParameters", "GetParameter", "GetParameterHistory", "GetParameters",
        "ListTagsForResource", "PutParameter", "RemoveTagsFromResource",
    ];

    public static bool Implements(string action) => Names.Contains(action, StringComparer.Ordinal);

    public JsonObject Invoke(string action, JsonObject input) => action switch
    {
        "PutParameter" => Put(input),
        "GetParameter" => new JsonObject { ["Parameter"] = Parameter(store.Get(Required(input, "Name")), Decrypt(input)) },
        "GetParameters" => GetMany(input),
        "GetParameterHistory" => History(input),
        "DescribeParameters" => Describe(input),
        "DeleteParameter" => Delete(Required(input, "Name")),
        "DeleteParameters" => DeleteMany(input),
        "AddTagsToResource" => ChangeTags(input, Tags(input["Tags"]), []),
        "RemoveTagsFromResource" => ChangeTags(input, new Dictionary<string, string>(), Strings(input, "TagKeys")),
        "ListTagsForResource" => ListTags(input),
        _ => throw new SsmException("UnknownOperationException", $"the SSM emulator does not implement {action}"),
    };

    private JsonObject Put(JsonObject input)
    {
        var version = store.Put(new PutRequest(Required(input, "Name"), Required(input, "Value"), Optional(input, "Type"), Optional(input, "Description"),
            Optional(input, "KeyId"), Optional(input, "AllowedPattern"), Optional(input, "Tier"), Optional(input, "DataType"),
            input["Overwrite"]?.GetValue<bool>() ?? false, Tags(input["Tags"])));
        return new JsonObject { ["Version"] = version, ["Tier"] = store.Get(Required(input, "Name")).Tier };
    }

    private JsonObject GetMany(JsonObject input)
    {
        var found = new JsonArray();
        var invalid = new JsonArray();
        foreach (var name in Strings(input, "Names"))
        {
            try
            {
                found.Add(Parameter(store.Get(name), Decrypt(input)));
            }
            catch (SsmException e) when (e.Code is "ParameterNotFound" or "ParameterVersionNotFound")
            {
                invalid.Add(name);
            }
        }

        return new JsonObject { ["Parameters"] = found, ["InvalidParameters"] = invalid };
    }

    private JsonObject History(JsonObject input)
    {
        var decrypt = Decrypt(input);
        var entries = store.History(Required(input, "Name")).Select(v =>
        {
            var entry = Metadata(v);
            entry["Value"] = Shown(v, decrypt);
            entry["Labels"] = new JsonArray();
            return (JsonNode?)entry;
        });
        return Page(entries.ToList(), input);
    }

    private JsonObject Describe(JsonObject input)
    {
        var filters = DescribeFilter.From(input);
        return Page(store.All().Where(p => filters.All(f => f.Matches(p))).Select(p => (JsonNode?)Metadata(p)).ToList(), input);
    }

    private JsonObject Delete(string name) =>
        store.Delete(name) ? [] : throw new SsmException("ParameterNotFound", $"Parameter {name} not found.");

    private JsonObject DeleteMany(JsonObject input)
    {
        var names = Strings(input, "Names");
        var deleted = names.Where(store.Delete).ToList();
        return new JsonObject
        {
            ["DeletedParameters"] = new JsonArray(deleted.Select(n => (JsonNode?)n).ToArray()),
            ["InvalidParameters"] = new JsonArray(names.Except(deleted, StringComparer.Ordinal).Select(n => (JsonNode?)n).ToArray()),
        };
    }

    private JsonObject ChangeTags(JsonObject input, IReadOnlyDictionary<string, string> add, IReadOnlyCollection<string> remove)
    {
        store.ChangeTags(TaggedParameter(input), add, remove);
        return [];
    }

    private JsonObject ListTags(JsonObject input) => new()
    {
        ["TagList"] = new JsonArray(store.Tags(TaggedParameter(input)).Select(t => (JsonNode?)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value }).ToArray()),
    };

    private JsonObject Parameter(ParameterVersion version, bool decrypt) => new()
    {
        ["Name"] = version.Name,
        ["Type"] = version.Type,
        ["Value"] = Shown(version, decrypt),
        ["Version"] = version.Version,
        ["LastModifiedDate"] = EpochSeconds(version.Modified),
        ["ARN"] = store.Arn(version.Name),
        ["DataType"] = version.DataType,
    };

    private JsonObject Metadata(ParameterVersion version)
    {
        var metadata = new JsonObject
        {
            ["Name"] = version.Name,
            ["ARN"] = store.Arn(version.Name),
            ["Type"] = version.Type,
            ["LastModifiedDate"] = EpochSeconds(version.Modified),
            ["LastModifiedUser"] = $"arn:aws:iam::{ParameterStore.Account}:user/emulator",
            ["Version"] = version.Version,
            ["Tier"] = version.Tier,
            ["Policies"] = new JsonArray(),
            ["DataType"] = version.DataType,
        };
        Set(metadata, "Description", version.Description);
        Set(metadata, "KeyId", version.KeyId);
        Set(metadata, "AllowedPattern", version.AllowedPattern);
        return metadata;
    }

    // Without WithDecryption a SecureString comes back as ciphertext, as from KMS: never the plain value.
    private static string Shown(ParameterVersion version, bool decrypt) =>
        version.Type != "SecureString" || decrypt
            ? version.Value
            : "AQICAH" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"{version.Name}:{version.Version}:{version.Value}")));

    private static JsonObject Page(List<JsonNode?> items, JsonObject input)
    {
        var limit = input["MaxResults"]?.GetValue<int>() ?? DefaultDescribeResults;
        if (limit is < 1 or > MaxDescribeResults)
        {
            throw ParameterStore.Validation($"MaxResults must be from 1 to {MaxDescribeResults}; got {limit}");
        }

        var start = 0;
        if (Optional(input, "NextToken") is { } token && (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > items.Count))
        {
            throw new SsmException("InvalidNextToken", "The specified token isn't valid.");
        }

        var page = new JsonObject { ["Parameters"] = new JsonArray(items.Skip(start).Take(limit).Select(i => i?.DeepClone()).ToArray()) };
        if (start + limit < items.Count)
        {
            page["NextToken"] = (start + limit).ToString(CultureInfo.InvariantCulture);
        }

        return page;
    }

    private static string TaggedParameter(JsonObject input)
    {
        var type = Required(input, "ResourceType");
        return type == "Parameter"
            ? Required(input, "ResourceId")
            : throw new SsmException("InvalidResourceType", $"the SSM emulator tags only resources of type Parameter, not {type}");
    }

    private static Dictionary<string, string> Tags(JsonNode? list)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in list?.AsArray() ?? [])
        {
            tags[tag?["Key"]?.GetValue<string>() ?? throw ParameterStore.Validation("every tag needs a Key")] = tag["Value"]?.GetValue<string>() ?? "";
        }

        return tags;
    }

    private static bool Decrypt(JsonObject input) => input["WithDecryption"]?.GetValue<bool>() ?? false;

    private static double EpochSeconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;

    private static void Set(JsonObject target, string key, string? value)
    {
        if (value is not null)
        {
            target[key] = value;
        }
    }

    internal static string Required(JsonObject input, string member) =>
        Optional(input, member) ?? throw ParameterStore.Validation($"1 validation error detected: Value null at '{char.ToLowerInvariant(member[0])}{member[1..]}' failed to satisfy constraint: Member must not be null");

    internal static string? Optional(JsonObject input, string member) => input[member]?.GetValue<string>();

    internal static List<string> Strings(JsonObject input, string member) =>
        input[member] is JsonArray values
            ? values.Select(v => v?.GetValue<string>() ?? throw ParameterStore.Validation($"{member} holds a null")).ToList()
            : throw ParameterStore.Validation($"{member} must be a list of strings");
}
