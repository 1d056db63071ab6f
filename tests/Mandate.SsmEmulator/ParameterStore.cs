namespace Mandate.SsmEmulator;

using System.Text.RegularExpressions;

/// <summary>One version of a parameter, as GetParameterHistory lists it.</summary>
internal sealed record ParameterVersion(
    string Name, long Version, string Type, string Value, string? Description, string? KeyId, string? AllowedPattern, string Tier, string DataType,
    DateTimeOffset Modified);

/// <summary>What PutParameter asks for; null fields keep the current version's value on an overwrite.</summary>
internal sealed record PutRequest(
    string Name, string Value, string? Type, string? Description, string? KeyId, string? AllowedPattern, string? Tier, string? DataType, bool Overwrite,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>
/// The parameters, their version histories and tags, in memory and behind one lock (a test's provider calls arrive
/// concurrently). Errors carry the codes AWS uses, because the provider branches on them (e.g. ParameterNotFound on
/// read means "gone", ParameterAlreadyExists on create means "import it instead").
/// </summary>
internal sealed partial class ParameterStore(string region)
{
    /// <summary>The account ARNs name (any fixed 12 digits: nothing checks it).</summary>
    public const string Account = "123456789012";

    /// <summary>What SecureString parameters are encrypted with when the request names no key.</summary>
    public const string DefaultKeyId = "alias/aws/ssm";

    private const int MaxValueLength = 4096;
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, Parameter> _parameters = new(StringComparer.Ordinal);

    public string Arn(string name) => $"arn:aws:ssm:{region}:{Account}:parameter{(name.StartsWith('/') ? name : "/" + name)}";

    /// <returns>The new version number.</returns>
    public long Put(PutRequest request)
    {
        CheckName(request.Name);
        if (request.Value.Length == 0 || request.Value.Length > MaxValueLength)
        {
            throw Validation($"Value must be 1 to {MaxValueLength} characters long for a Standard parameter; got {request.Value.Length}");
        }

        if (request.Overwrite && request.Tags.Count > 0)
        {
            throw Validation("Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. " +
                "To update tags on an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.");
        }

        lock (_lock)
        {
            _parameters.TryGetValue(request.Name, out var existing);
            if (existing is not null && !request.Overwrite)
            {
                throw new SsmException("ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
            }

            var previous = existing?.Current;
            var type = request.Type ?? previous?.Type ?? throw Validation("A parameter type is required when you create a parameter.");
            if (type is not ("String" or "StringList" or "SecureString"))
            {
                throw Validation($"1 validation error detected: Value '{type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]");
            }

            var pattern = request.AllowedPattern ?? previous?.AllowedPattern;
            if (!string.IsNullOrEmpty(pattern) && !Regex.IsMatch(request.Value, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                throw new SsmException("ParameterPatternMismatchException", $"Parameter value, cannot be validated against allowedPattern: {pattern}");
            }

            var dataType = request.DataType ?? previous?.DataType ?? "text";
            if (dataType is not ("text" or "aws:ec2:image" or "aws:ssm:integration"))
            {
                throw Validation($"The following data type is not supported: {dataType} (supported: text, aws:ec2:image, aws:ssm:integration)");
            }

            var keyId = type == "SecureString" ? request.KeyId ?? previous?.KeyId ?? DefaultKeyId : null;
            var version = new ParameterVersion(request.Name, (previous?.Version ?? 0) + 1, type, request.Value, request.Description ?? previous?.Description,
                keyId, pattern, request.Tier ?? previous?.Tier ?? "Standard", dataType, DateTimeOffset.UtcNow);
            if (existing is null)
            {
                existing = new Parameter(new Dictionary<string, string>(request.Tags, StringComparer.Ordinal));
                _parameters[request.Name] = existing;
            }

            existing.History.Add(version);
            return version.Version;
        }
    }

    /// <summary>The latest version, or the one a <c>name:version</c> selector names.</summary>
    public ParameterVersion Get(string nameOrSelector)
    {
        var (name, selected) = Selector(nameOrSelector);
        lock (_lock)
        {
            var parameter = Find(name);
            return selected is null
                ? parameter.Current
                : parameter.History.FirstOrDefault(v => v.Version == selected)
                  ?? throw new SsmException("ParameterVersionNotFound", $"Systems Manager could not find version {selected} of {name}.");
        }
    }

    public IReadOnlyList<ParameterVersion> History(string name)
    {
        lock (_lock)
        {
            return [.. Find(name).History];
        }
    }

    /// <summary>The latest version of every parameter, ordered by name.</summary>
    public IReadOnlyList<ParameterVersion> All()
    {
        lock (_lock)
        {
            return [.. _parameters.Values.Select(p => p.Current)];
        }
    }

    public bool Delete(string name)
    {
        lock (_lock)
        {
            return _parameters.Remove(name);
        }
    }

    public IReadOnlyDictionary<string, string> Tags(string name)
    {
        lock (_lock)
        {
            return new SortedDictionary<string, string>(TaggedOrInvalid(name).Tags, StringComparer.Ordinal);
        }
    }

    public void ChangeTags(string name, IReadOnlyDictionary<string, string> add, IReadOnlyCollection<string> remove)
    {
        lock (_lock)
        {
            var tags = TaggedOrInvalid(name).Tags;
            foreach (var key in remove)
            {
                tags.Remove(key);
            }

            foreach (var (key, value) in add)
            {
                tags[key] = value;
            }
        }
    }

    public static SsmException Validation(string message) => new("ValidationException", message);

    private Parameter Find(string name) =>
        _parameters.TryGetValue(name, out var parameter) ? parameter : throw new SsmException("ParameterNotFound", $"Parameter {name} not found.");

    // The tagging API names a missing parameter differently from the parameter API.
    private Parameter TaggedOrInvalid(string name) =>
        _parameters.TryGetValue(name, out var parameter) ? parameter : throw new SsmException("InvalidResourceId", $"The resource ID \"{name}\" is not valid. Verify the ID and try again.");

    private static (string Name, long? Version) Selector(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0 && long.TryParse(text.AsSpan(colon + 1), out var version) ? (text[..colon], version) : (text, null);
    }

    private static void CheckName(string name)
    {
        if (!NamePattern().IsMatch(name) || name.Length > 2048)
        {
            throw Validation($"Parameter name '{name}' is not valid: use letters, digits and . - _ / (at most 2048 characters)");
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_.\\-/]+$")]
    private static partial Regex NamePattern();

    private sealed class Parameter(Dictionary<string, string> tags)
    {
        public List<ParameterVersion> History { get; } = [];

        public Dictionary<string, string> Tags { get; } = tags;

        public ParameterVersion Current => History[^1];
    }
}
