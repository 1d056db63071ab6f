-- Governance: the space tree, principals, role bindings, API keys (hashes only) and the audit trail.
-- Times are Unix milliseconds, except audit_entries.time: Unix microseconds, the precision the audit
-- hash covers, so an entry read back hashes exactly as it was sealed.
CREATE TABLE spaces (
    id         TEXT    NOT NULL PRIMARY KEY,
    parent_id  TEXT    REFERENCES spaces (id),
    name       TEXT    NOT NULL,
    created_at BIGINT  NOT NULL
);
CREATE INDEX spaces_by_parent ON spaces (parent_id);

-- The root exists from the start: every other space hangs below it.
INSERT INTO spaces (id, parent_id, name, created_at)
VALUES ('root', NULL, 'root', (EXTRACT(EPOCH FROM now()) * 1000)::BIGINT);

CREATE TABLE principals (
    id           TEXT    NOT NULL PRIMARY KEY,
    kind         TEXT    NOT NULL,
    display_name TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    disabled_at  BIGINT 
);

CREATE TABLE role_bindings (
    principal_id TEXT    NOT NULL REFERENCES principals (id) ON DELETE CASCADE,
    space_id     TEXT    NOT NULL REFERENCES spaces (id),
    role         TEXT    NOT NULL,
    granted_by   TEXT    NOT NULL,
    granted_at   BIGINT  NOT NULL,
    PRIMARY KEY (principal_id, space_id, role)
);
CREATE INDEX role_bindings_by_space ON role_bindings (space_id);

-- Never the plain key: hash is SHA-256 of the whole key.
CREATE TABLE api_keys (
    key_id       TEXT    NOT NULL PRIMARY KEY,
    principal_id TEXT    NOT NULL REFERENCES principals (id) ON DELETE CASCADE,
    hash         TEXT    NOT NULL,
    scope        TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    expires_at   BIGINT ,
    revoked_at   BIGINT ,
    last_used_at BIGINT 
);
CREATE INDEX api_keys_by_principal ON api_keys (principal_id);

-- Append-only and hash-chained; no foreign keys, because the trail outlives what it mentions.
-- payload is TEXT (byte-exact canonical JSON), since the hash covers its exact bytes.
CREATE TABLE audit_entries (
    sequence      BIGINT  NOT NULL PRIMARY KEY,
    time          BIGINT  NOT NULL,
    actor_id      TEXT    NOT NULL,
    actor_display TEXT    NOT NULL,
    action        TEXT    NOT NULL,
    target_kind   TEXT    NOT NULL,
    target_id     TEXT    NOT NULL,
    project_id    TEXT,
    resource_id   TEXT,
    outcome       TEXT    NOT NULL,
    payload       TEXT    NOT NULL,
    previous_hash TEXT    NOT NULL,
    hash          TEXT    NOT NULL
);
CREATE INDEX audit_by_project ON audit_entries (project_id, resource_id, sequence);
CREATE INDEX audit_by_actor ON audit_entries (actor_id, sequence);
CREATE INDEX audit_by_action ON audit_entries (action, sequence);
CREATE INDEX audit_by_time ON audit_entries (time);
