-- Cloud integrations (read_only is 0/1 in both dialects so one row mapping serves both): settings as JSON, secret fields only as mk1: ciphertexts (secrets_json maps field
-- name to ciphertext; the key lives outside the database). Attachments say which integration a project
-- uses for one provider; an integration cannot be deleted while a project is attached to it.
CREATE TABLE integrations (
    id            TEXT    NOT NULL PRIMARY KEY,
    space_id      TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    settings_json TEXT    NOT NULL,
    secrets_json  TEXT    NOT NULL,
    read_only     BIGINT  NOT NULL,
    created_by    TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL,
    UNIQUE (space_id, name)
);

CREATE TABLE integration_attachments (
    project_id      TEXT    NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    provider_source TEXT    NOT NULL,
    integration_id  TEXT    NOT NULL REFERENCES integrations (id),
    attached_by     TEXT    NOT NULL,
    attached_at     BIGINT  NOT NULL,
    PRIMARY KEY (project_id, provider_source)
);
CREATE INDEX integration_attachments_by_integration ON integration_attachments (integration_id, project_id);
