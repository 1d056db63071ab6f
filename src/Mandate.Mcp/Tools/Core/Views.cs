namespace Mandate.Mcp.Tools.Core;

using System.Globalization;
using System.Text.Json.Nodes;
using Mandate.Core.Application;
using Mandate.Core.Model;
using Mandate.Core.Pipeline;
using Mandate.Core.Policies;
using Mandate.Core.Stores;

/// <summary>
/// The compact JSON shapes tools return: ids and names a model needs for the next call, times as ISO-8601,
/// no nulls, no internals (hashes only where an approval needs one). State and plans arrive from Core with
/// sensitive values already redacted.
/// </summary>
internal static class Views
{
    public static JsonObject Page<T>(string name, Page<T> page, Func<T, JsonNode> shape)
    {
        var result = new JsonObject { [name] = new JsonArray([.. page.Items.Select(shape)]) };
        if (page.NextCursor is not null)
        {
            result["next_cursor"] = page.NextCursor;
        }

        return result;
    }

    public static JsonObject Project(ProjectRecord p) => Compact(new JsonObject
    {
        ["id"] = p.Id,
        ["name"] = p.Name,
        ["space"] = p.SpaceId,
        ["description"] = p.Description.Length > 0 ? p.Description : null,
        ["labels"] = p.Labels.Count > 0 ? Strings(p.Labels) : null,
        ["providers"] = p.Providers.Count > 0
            ? new JsonArray([.. p.Providers.Select(r => (JsonNode)Compact(new JsonObject
            {
                ["source"] = r.Source,
                ["version"] = r.VersionConstraint.Length > 0 ? r.VersionConstraint : null,
                ["integration"] = r.IntegrationId,
            }))])
            : null,
    });

    public static JsonObject Resource(ResourceSummary r) => Compact(new JsonObject
    {
        ["id"] = r.ResourceId,
        ["type"] = r.Type,
        ["provider"] = $"{r.ProviderSource} {r.ProviderVersion}",
        ["state_version"] = r.StateVersion,
        ["tainted"] = r.Tainted ? true : null, // only when true: a failed create left it; the next update replaces it
        ["depends_on"] = r.Dependencies.Count > 0 ? Strings(r.Dependencies) : null,
        ["updated"] = Time(r.UpdatedAt),
    });

    public static JsonObject ResourceDetail(ResourceView view)
    {
        var result = Resource(view.Resource);
        result["project"] = view.Resource.ProjectId;
        result["config"] = view.Config?.DeepClone();
        result["state"] = view.State is null ? null : WithoutNulls(view.State);
        if (view.SensitivePaths.Count > 0)
        {
            result["sensitive_paths"] = Strings(view.SensitivePaths);
        }

        if (view.Withheld is not null)
        {
            result["withheld"] = view.Withheld;
        }

        return Compact(result);
    }

    /// <summary>An operation as Core details it; the request (redacted by Core) only when <paramref name="withRequest"/>.</summary>
    public static JsonObject Operation(OperationDetails o, bool withRequest = false)
    {
        var result = Compact(new JsonObject
        {
            ["id"] = o.Id,
            ["project"] = o.ProjectId,
            ["resource"] = o.ResourceId,
            ["kind"] = o.Kind.ToWire(),
            ["status"] = o.Status.ToWire(),
            ["requested_by"] = o.RequestedBy,
            ["decided_by"] = o.DecidedBy,
            ["plan_hash"] = o.Status == OperationStatus.PendingReview ? o.PlanHash : null,
            ["decision"] = o.Decision is null ? null : Decision(o.Decision),
            ["error"] = o.Error,
            ["created"] = Time(o.CreatedAt),
            ["completed"] = o.CompletedAt is { } c ? Time(c) : null,
            ["expires"] = o.Status == OperationStatus.PendingReview && o.ExpiresAt is { } e ? Time(e) : null,
        });
        if (withRequest)
        {
            result["request"] = o.Request.DeepClone();
        }

        return result;
    }

    // A pipeline result's record carries no request worth showing here: null paths withhold its values anyway.
    public static JsonObject Operation(OperationRecord o) => Operation(OperationDetails.Of(o, sensitivePaths: null));

    /// <summary>A pipeline result: the operation, a compact plan (what changes) and, once applied, the new state.</summary>
    public static JsonObject Result(OperationResult r)
    {
        var result = Operation(r.Operation);
        if (r.Plan is { } plan)
        {
            result["plan"] = Plan(plan);
        }

        if (r.State is { } state && r.Operation.Status == OperationStatus.Succeeded)
        {
            result["state"] = WithoutNulls(state);
        }

        result["next"] = r.Operation.Status switch
        {
            OperationStatus.Denied => "a policy denied this; show the user the deny reasons and change the request to comply",
            OperationStatus.PendingReview => "waiting for an approver (someone other than the requester); tell the user the operation id; operation_status follows it",
            OperationStatus.Failed => "the provider failed; read 'error', fix the configuration and plan again",
            OperationStatus.Queued or OperationStatus.Applying or OperationStatus.Requested =>
                "still in progress; operation_resume waits for its end (and applies it if nobody is)",
            _ => null,
        };
        return Compact(result);
    }

    /// <summary>
    /// What a plan changes, not both full documents: the action, the attributes whose value changes (old → new),
    /// values known only after apply, and what forces a replacement.
    /// </summary>
    public static JsonObject Plan(JsonObject plan)
    {
        var current = plan["current_state"] as JsonObject;
        var proposed = plan["proposed_state"] as JsonObject;
        var unknown = (plan["unknown_paths"] as JsonArray)?.Select(p => p!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
        var changes = new JsonObject();
        foreach (var name in (current?.Select(kv => kv.Key) ?? []).Union(proposed?.Select(kv => kv.Key) ?? []).Order(StringComparer.Ordinal))
        {
            var before = current?[name];
            var after = proposed?[name];
            if (unknown.Contains(name))
            {
                changes[name] = "(known after apply)";
            }
            else if (!JsonNode.DeepEquals(before, after) && !(IsEmpty(before) && IsEmpty(after)))
            {
                changes[name] = current is null ? after?.DeepClone() : new JsonObject { ["from"] = before?.DeepClone(), ["to"] = after?.DeepClone() };
            }
        }

        return Compact(new JsonObject
        {
            ["action"] = plan["action"]?.DeepClone(),
            ["resource_type"] = plan["resource_type"]?.DeepClone(),
            ["provider"] = $"{plan["provider"]} {plan["provider_version"]}",
            ["changes"] = changes.Count > 0 ? changes : null,
            ["requires_replace"] = plan["requires_replace"] is JsonArray { Count: > 0 } replace ? replace.DeepClone() : null,
        });
    }

    public static JsonObject Decision(JsonObject decision) => Compact(new JsonObject
    {
        ["outcome"] = decision["outcome"]?.DeepClone(),
        ["deny"] = decision["deny"] is JsonArray { Count: > 0 } deny ? deny.DeepClone() : null,
        ["allow"] = decision["allow"] is JsonArray { Count: > 0 } allow ? allow.DeepClone() : null,
        ["policies"] = decision["policies"] is JsonArray { Count: > 0 } policies
            ? new JsonArray([.. policies.Select(p => (JsonNode)Compact(new JsonObject { ["name"] = p?["name"]?.DeepClone(), ["error"] = p?["error"]?.DeepClone() }))])
            : null,
    });

    public static JsonObject Decision(PolicyDecision decision) => Compact(new JsonObject
    {
        ["outcome"] = Outcome(decision.Outcome),
        ["deny"] = decision.DenyReasons.Count > 0 ? Strings(decision.DenyReasons) : null,
        ["allow"] = decision.AllowReasons.Count > 0 ? Strings(decision.AllowReasons) : null,
    });

    public static string Outcome(PolicyOutcome outcome) => outcome switch
    {
        PolicyOutcome.Allowed => "allowed",
        PolicyOutcome.Denied => "denied",
        _ => "pending_review",
    };

    public static JsonObject Policy(PolicyRecord p) => Compact(new JsonObject
    {
        ["id"] = p.Id,
        ["name"] = p.Name,
        ["space"] = p.SpaceId,
        ["description"] = p.Description.Length > 0 ? p.Description : null,
        ["labels"] = p.Labels.Count > 0 ? Strings(p.Labels) : null,
        ["version"] = p.CurrentVersion,
        ["updated"] = Time(p.UpdatedAt),
    });

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => JsonValue.Create(v))]);

    /// <summary>Drops null members (providers report every unset attribute as null), recursively.</summary>
    public static JsonObject WithoutNulls(JsonObject source)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in source)
        {
            if (value is null)
            {
                continue;
            }

            copy[key] = value is JsonObject o ? WithoutNulls(o) : value.DeepClone();
        }

        return copy;
    }

    private static bool IsEmpty(JsonNode? node) => node is null || node is JsonArray { Count: 0 } || node is JsonObject { Count: 0 };

    private static JsonObject Compact(JsonObject o)
    {
        foreach (var key in o.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList())
        {
            o.Remove(key);
        }

        return o;
    }
}
