namespace Mandate.SsmEmulator;

using System.Text.Json.Nodes;

/// <summary>
/// One DescribeParameters filter: the current <c>ParameterFilters</c> form (Key, Option, Values) or the older
/// <c>Filters</c> form (Key, Values; always Equals). Keys: Name, Type, KeyId, Tier, DataType, Path. A parameter
/// matches a filter when it matches any of its values; it is listed when it matches every filter.
/// </summary>
internal sealed record DescribeFilter(string Key, string Option, IReadOnlyList<string> Values)
{
    public static IReadOnlyList<DescribeFilter> From(JsonObject input)
    {
        var filters = new List<DescribeFilter>();
        foreach (var (member, hasOption) in new[] { ("ParameterFilters", true), ("Filters", false) })
        {
            foreach (var node in input[member]?.AsArray() ?? [])
            {
                var filter = node as JsonObject ?? throw ParameterStore.Validation($"{member} holds something that is not a filter object");
                var key = SsmActions.Required(filter, "Key");
                var option = hasOption ? SsmActions.Optional(filter, "Option") ?? (key == "Path" ? "OneLevel" : "Equals") : "Equals";
                filters.Add(Checked(new DescribeFilter(key, option, SsmActions.Strings(filter, "Values"))));
            }
        }

        return filters;
    }

    public bool Matches(ParameterVersion parameter) => Values.Any(value => Key switch
    {
        "Name" when Option == "BeginsWith" => parameter.Name.StartsWith(value, StringComparison.Ordinal),
        "Name" => parameter.Name == value,
        "Type" => parameter.Type == value,
        "KeyId" => parameter.KeyId == value,
        "Tier" => parameter.Tier == value,
        "DataType" => parameter.DataType == value,
        "Path" => UnderPath(parameter.Name, value, recursive: Option == "Recursive"),
        _ => false,
    });

    private static bool UnderPath(string name, string path, bool recursive)
    {
        var prefix = path.EndsWith('/') ? path : path + "/";
        if (!name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        return recursive || !name[prefix.Length..].Contains('/', StringComparison.Ordinal);
    }

    private static DescribeFilter Checked(DescribeFilter filter)
    {
        var options = filter.Key switch
        {
            "Name" => new[] { "Equals", "BeginsWith" },
            "Type" or "KeyId" or "Tier" or "DataType" => ["Equals"],
            "Path" => ["OneLevel", "Recursive"],
            _ => throw new SsmException("InvalidFilterKey", $"the SSM emulator filters by Name, Type, KeyId, Tier, DataType and Path, not '{filter.Key}'"),
        };
        return options.Contains(filter.Option, StringComparer.Ordinal)
            ? filter
            : throw new SsmException("InvalidFilterOption", $"The filter option '{filter.Option}' is not valid for key '{filter.Key}'. Valid options: {string.Join(", ", options)}");
    }
}
