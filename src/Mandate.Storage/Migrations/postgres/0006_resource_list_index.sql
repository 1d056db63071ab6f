-- A list reads summaries (no config or state) in resource_id order. This index carries every column a summary shows,
-- so a page can be an index-only scan that never visits the heap rows with their config and state.
CREATE INDEX resources_list ON resources (project_id, resource_id) INCLUDE (type, provider_source, provider_version, state_version, tainted, created_at, updated_at);
