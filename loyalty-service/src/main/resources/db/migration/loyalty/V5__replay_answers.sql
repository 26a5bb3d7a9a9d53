-- A replay answers exactly what the first request was answered.
-- Tender redemptions kept their answer with a "replayed" flag inside it; the flag is the HTTP status's job.
UPDATE redemption SET result = result - 'replayed' WHERE kind = 'TENDER';
-- A manual adjustment keeps its answer (the change and the balance right after it) on its ledger entry.
ALTER TABLE points_entry ADD COLUMN result jsonb;
