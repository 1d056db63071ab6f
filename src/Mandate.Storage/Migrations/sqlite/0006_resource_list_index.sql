-- A list reads summaries (no config or state) in resource_id order. This index holds every column a summary shows,
-- so a page is read from the index alone: the table rows, whose config and state run to kilobytes and overflow
-- pages (the summary's later columns sit after them in the row), are not touched.
CREATE INDEX resources_list ON resources (project_id, resource_id, type, provider_source, provider_version, state_version, tainted, created_at, updated_at);
