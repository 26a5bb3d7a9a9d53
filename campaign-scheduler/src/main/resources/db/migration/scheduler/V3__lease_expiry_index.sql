-- The lease keeper finds leases that ran out through an index of its own expression, which no other statement
-- names. A partial index on the state (message_leased) was also taken by the planner for the statements that
-- settle and hand over messages by id, since they name the state; under a burst of sends that index fills with the
-- entries of rows that moved on (every claim and hand-over leaves one until VACUUM), and each of those statements
-- read thousands of them instead of its ten rows by primary key. Only leased rows have an entry, so settling a
-- message adds none.
DROP INDEX message_leased;
CREATE INDEX message_lease_expiry ON message ((CASE WHEN state IN ('CLAIMED', 'SENDING') THEN lease_until END))
    WHERE (CASE WHEN state IN ('CLAIMED', 'SENDING') THEN lease_until END) IS NOT NULL;
