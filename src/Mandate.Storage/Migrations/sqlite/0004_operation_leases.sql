-- Worker leases. A worker (or the inline fast path of the process that took the request) holds an
-- applying operation under a lease it renews while the provider works. A lease that lapsed means the
-- holder died mid-apply: recovery takes the operation over and reconciles it with what the cloud reports.
ALTER TABLE operations ADD COLUMN claimed_by TEXT;
ALTER TABLE operations ADD COLUMN lease_until INTEGER;
CREATE INDEX operations_leases ON operations (status, lease_until);
