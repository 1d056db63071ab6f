-- A resource whose last apply failed after the provider had created (part of) the object: its state is kept as
-- the provider reported it and marked tainted (1), so the next update plans a replacement, as Terraform does.
ALTER TABLE resources ADD COLUMN tainted INTEGER NOT NULL DEFAULT 0;
