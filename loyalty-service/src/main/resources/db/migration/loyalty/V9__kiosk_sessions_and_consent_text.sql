-- A kiosk's session for one member (POST /api/v1/kiosk/sessions): while it lives, the KIOSK key that holds it may
-- read and act for that member only. The token is kept as its SHA-256, like an API key's secret: a copy of this
-- table opens no session. Ended sessions are deleted; expired ones by the end-kiosk-sessions job.
CREATE TABLE kiosk_session (
    token_hash    bytea       PRIMARY KEY,
    api_key_id    text        NOT NULL REFERENCES api_key (id),
    member_id     uuid        NOT NULL REFERENCES member (id),
    created_at    timestamptz NOT NULL,
    last_used_at  timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL
);
CREATE INDEX kiosk_session_key ON kiosk_session (api_key_id);
CREATE INDEX kiosk_session_member ON kiosk_session (member_id);
CREATE INDEX kiosk_session_expires ON kiosk_session (expires_at);

INSERT INTO job_run (name) VALUES ('end-kiosk-sessions') ON CONFLICT DO NOTHING;

-- The words a member agreed to (or declined), as they were shown; null where none were (a till's spoken question).
ALTER TABLE member_consent ADD COLUMN text text;
