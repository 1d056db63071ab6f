-- Times are Unix milliseconds (BIGINT) in both dialects so the same SQL and mapping serve both.
CREATE TABLE projects (
    id             TEXT    NOT NULL PRIMARY KEY,
    space_id       TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    description    TEXT    NOT NULL,
    labels_json    TEXT    NOT NULL,
    providers_json TEXT    NOT NULL,
    created_by     TEXT    NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    UNIQUE (space_id, name)
);

CREATE TABLE resources (
    project_id       TEXT    NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    resource_id      TEXT    NOT NULL,
    type             TEXT    NOT NULL,
    provider_source  TEXT    NOT NULL,
    provider_version TEXT    NOT NULL,
    config_json      TEXT    NOT NULL,
    state_json       TEXT,
    private_data     BYTEA,
    schema_version   BIGINT NOT NULL,
    state_version    BIGINT NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (project_id, resource_id)
);
CREATE INDEX resources_by_type ON resources (project_id, type, resource_id);

CREATE TABLE resource_dependencies (
    project_id  TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    depends_on  TEXT NOT NULL,
    PRIMARY KEY (project_id, resource_id, depends_on),
    FOREIGN KEY (project_id, resource_id) REFERENCES resources (project_id, resource_id) ON DELETE CASCADE
);
CREATE INDEX resource_dependents ON resource_dependencies (project_id, depends_on);

-- History outlives the resource: no foreign key, deletes and ejects are entries too.
CREATE TABLE state_versions (
    project_id   TEXT    NOT NULL,
    resource_id  TEXT    NOT NULL,
    version      BIGINT NOT NULL,
    state_json   TEXT,
    operation_id TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (project_id, resource_id, version)
);

CREATE TABLE operations (
    id            TEXT    NOT NULL PRIMARY KEY,
    project_id    TEXT    NOT NULL,
    resource_id   TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    requested_by  TEXT    NOT NULL,
    session_id    TEXT,
    request_json  TEXT    NOT NULL,
    plan_json     TEXT,
    plan_hash     TEXT,
    decision_json TEXT,
    decided_by    TEXT,
    error         TEXT,
    recovery      TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    completed_at  BIGINT,
    expires_at    BIGINT
);
CREATE INDEX operations_queue ON operations (status, created_at, id);
CREATE INDEX operations_by_project ON operations (project_id, created_at, id);
CREATE INDEX operations_by_resource ON operations (project_id, resource_id, created_at, id);

CREATE TABLE policies (
    id              TEXT    NOT NULL PRIMARY KEY,
    space_id        TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    description     TEXT    NOT NULL,
    labels_json     TEXT    NOT NULL,
    current_version BIGINT NOT NULL,
    created_by      TEXT    NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (space_id, name)
);

CREATE TABLE policy_versions (
    policy_id  TEXT    NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
    version    BIGINT NOT NULL,
    body       TEXT    NOT NULL,
    created_by TEXT    NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (policy_id, version)
);

CREATE TABLE policy_attachments (
    policy_id   TEXT    NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
    project_id  TEXT    NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    attached_by TEXT    NOT NULL,
    attached_at BIGINT NOT NULL,
    PRIMARY KEY (policy_id, project_id)
);
CREATE INDEX policy_attachments_by_project ON policy_attachments (project_id);

CREATE TABLE policy_samples (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    policy_id      TEXT    NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
    policy_version BIGINT NOT NULL,
    input_json     TEXT    NOT NULL,
    result_json    TEXT    NOT NULL,
    created_at     BIGINT NOT NULL
);
CREATE INDEX policy_samples_by_policy ON policy_samples (policy_id, id);

CREATE TABLE project_locks (
    project_id   TEXT    NOT NULL PRIMARY KEY,
    session_id   TEXT    NOT NULL,
    principal_id TEXT    NOT NULL,
    acquired_at  BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
