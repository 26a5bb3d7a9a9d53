-- One-time codes remember the API key that asked for them (issue 14), so a kiosk gets a limited number of codes
-- per quarter of an hour however many numbers it types: a stolen kiosk key must not become a way to send SMS to
-- any number at our cost. Codes kept before this have none and count for no kiosk.
ALTER TABLE one_time_code ADD COLUMN kiosk_key text;
CREATE INDEX one_time_code_kiosk ON one_time_code (kiosk_key, created_at DESC) WHERE kiosk_key IS NOT NULL;
