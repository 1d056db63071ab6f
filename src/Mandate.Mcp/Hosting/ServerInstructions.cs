namespace Mandate.Mcp.Hosting;

/// <summary>What a client's model is told once, at initialization: the intended workflow, not the tool list.</summary>
internal static class ServerInstructions
{
    public const string Text =
        "Mandate provisions and manages cloud infrastructure through real Terraform providers, under the organisation's " +
        "policies, with state and an audit trail. Workflow: " +
        "1) Choose a project: project_list, then project_use (or pass 'project' to each tool). " +
        "2) Find the resource type: provider_search, provider_resource_types with the user's words, then resource_type_schema " +
        "for its attributes. " +
        "3) Always resource_plan before resource_create, resource_update or resource_delete, and show the user the plan " +
        "(changes, replacements, the policy decision). " +
        "4) Ask the user to confirm before anything destructive: deletes, replacements, resource_eject, lock_unlock, rejecting " +
        "an operation. Never retry a change a policy denied without changing it; show the user the policy's reasons. " +
        "5) A change can wait for human approval (status pending_review): tell the user; operation_status follows it. A change " +
        "still queued or applying when its answer came: operation_resume waits for its end (no need to sleep and poll). " +
        "Results are compact JSON; lists return 'next_cursor' when there is more. Errors carry 'code', 'message' and 'next' " +
        "(what to do). Sensitive values are shown as \"(sensitive value)\".";
}
