namespace Mandate.Core.Pipeline.Worker;

using System.Text.Json.Nodes;

/// <summary>
/// Which id finds the object an interrupted create may have made, so recovery can import it instead of
/// creating anything. The rule, in order:
/// <list type="number">
/// <item>the planned state's <c>id</c>, when the plan already knew it;</item>
/// <item>else the type's identity attribute from <see cref="IdentityAttributes"/> (the attribute whose value
/// the provider's import takes as the id, e.g. a table's <c>name</c>, a bucket's <c>bucket</c>), read from the
/// planned state, else from the config as the user wrote it;</item>
/// <item>else none: the type's id is made by the cloud (an instance id, an ARN with a random part), so the
/// object cannot be looked up by what the request said, and recovery says so instead of guessing.</item>
/// </list>
/// Only types listed here are looked up by a configured attribute, because for other types an attribute
/// called <c>name</c> is often not the import id, and a failed lookup would wrongly report "nothing was created".
/// </summary>
internal static class RecoveryIdentity
{
    /// <summary>Resource type → the attribute its import id is (hashicorp/aws import documentation).</summary>
    internal static readonly IReadOnlyDictionary<string, string> IdentityAttributes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["aws_dynamodb_table"] = "name",
        ["aws_s3_bucket"] = "bucket",
        ["aws_iam_role"] = "name",
        ["aws_iam_user"] = "name",
        ["aws_iam_group"] = "name",
        ["aws_cloudwatch_log_group"] = "name",
        ["aws_ecr_repository"] = "name",
        ["aws_lambda_function"] = "function_name",
        ["aws_ecs_cluster"] = "name",
        ["aws_ssm_parameter"] = "name",
    };

    /// <returns>The import id and where it came from, or null when the rule finds none.</returns>
    public static (string Id, string Source)? ImportId(string resourceType, JsonObject? plannedState, JsonObject? config)
    {
        if (Text(plannedState?["id"]) is { } plannedId)
        {
            return (plannedId, "the planned id");
        }

        if (!IdentityAttributes.TryGetValue(resourceType, out var attribute))
        {
            return null;
        }

        if (Text(plannedState?[attribute]) is { } planned)
        {
            return (planned, $"the planned '{attribute}'");
        }

        return Text(config?[attribute]) is { } configured ? (configured, $"the configured '{attribute}'") : null;
    }

    // Only a known, non-empty string identifies anything; unknowns are null in planned state and references are objects.
    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
