-- The member of staff in whose console session a campaign was changed (the actor column names the key or their
-- e-mail): the staff account's id in the core and its e-mail at the time. Null for a key acting alone or the clock.
ALTER TABLE campaign_audit ADD COLUMN staff_id uuid, ADD COLUMN staff_email text;
