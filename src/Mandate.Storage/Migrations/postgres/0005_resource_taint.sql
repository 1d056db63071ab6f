-- A resource whose last apply failed after the provider had created (part of) the object: its state is kept as
-- the provider reported it and marked tainted (1), so the next update plans a replacement, as Terraform does.
-- An integer rather than BOOLEAN, so both dialects read the same column type.
ALTER TABLE resources ADD COLUMN tainted BIGINT NOT NULL DEFAULT 0;
