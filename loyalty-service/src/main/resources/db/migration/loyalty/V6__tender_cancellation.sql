-- A points tender can be cancelled when the till voids its sale: the points go back into the lots they came
-- from, so they keep their original expiry. A redemption now remembers which lots it took from.
ALTER TABLE redemption ADD COLUMN takes jsonb;
-- The answer to the cancellation, kept so a retry is answered the same; null while the tender stands.
ALTER TABLE redemption ADD COLUMN cancelled jsonb;
ALTER TABLE redemption ADD COLUMN cancelled_at timestamptz;

ALTER TABLE points_entry DROP CONSTRAINT points_entry_kind_check;
ALTER TABLE points_entry ADD CONSTRAINT points_entry_kind_check
    CHECK (kind IN ('EARN', 'BONUS', 'REDEEM', 'EXPIRE', 'ADJUST', 'REVERSE', 'MERGE', 'RESTORE'));
