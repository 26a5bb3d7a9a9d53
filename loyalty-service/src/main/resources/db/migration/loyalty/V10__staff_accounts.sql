-- A CONSOLE key: the manager console's server, which acts only in a member of staff's session.
ALTER TABLE api_key DROP CONSTRAINT api_key_scope_check;
ALTER TABLE api_key ADD CONSTRAINT api_key_scope_check CHECK (scope IN ('ADMIN', 'STORE', 'CONNECTOR', 'KIOSK', 'CONSOLE'));

-- Staff accounts of the manager console (docs/api.md, "Staff accounts and sessions"). The e-mail is kept
-- lower-cased, so the unique index is case-insensitive. The password is an Argon2id hash in its PHC string form,
-- which carries its salt and parameters: raising the parameters later leaves old hashes verifiable.
CREATE TABLE staff (
    id                    uuid        PRIMARY KEY,
    email                 text        NOT NULL UNIQUE CHECK (email = lower(email)),
    name                  text        NOT NULL,
    role                  text        NOT NULL CHECK (role IN ('ADMIN', 'STORE_MANAGER', 'CASHIER')),
    stores                text[]      NOT NULL DEFAULT '{}',
    password_hash         text        NOT NULL,
    must_change_password  boolean     NOT NULL DEFAULT false,
    failed_attempts       integer     NOT NULL DEFAULT 0,
    locked_until          timestamptz,
    disabled              boolean     NOT NULL DEFAULT false,
    created_at            timestamptz NOT NULL,
    created_by            text        NOT NULL,
    updated_at            timestamptz NOT NULL,
    updated_by            text        NOT NULL
);

-- A staff member's console session, kept as the SHA-256 of its token like a kiosk session. Ended sessions are
-- deleted; so are an account's when an admin disables it or resets its password.
CREATE TABLE staff_session (
    token_hash    bytea       PRIMARY KEY,
    staff_id      uuid        NOT NULL REFERENCES staff (id),
    api_key_id    text        NOT NULL REFERENCES api_key (id),
    created_at    timestamptz NOT NULL,
    last_used_at  timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL
);
CREATE INDEX staff_session_staff ON staff_session (staff_id);
CREATE INDEX staff_session_expires ON staff_session (expires_at);

-- What staff (or keys) did, for an admin to read: who (the staff member in whose session, or null, and the key
-- or 'cli'), when, what (an action such as staff.create or member.adjust), to what (target: 'staff:<id>',
-- 'member:<id>', …) and the target before and after as JSON, never with a password hash. Written in the
-- transaction of the change it records. Never updated or deleted by the core.
CREATE TABLE staff_audit (
    id              uuid        PRIMARY KEY,
    -- The order of writing, which breaks ties between entries of one moment (a login that locks, then its reset).
    seq             bigserial   NOT NULL UNIQUE,
    at              timestamptz NOT NULL,
    actor_staff_id  uuid,
    actor_key_id    text        NOT NULL,
    action          text        NOT NULL,
    target          text        NOT NULL,
    before          jsonb,
    after           jsonb
);
CREATE INDEX staff_audit_at ON staff_audit (at DESC, seq DESC);
CREATE INDEX staff_audit_staff ON staff_audit (actor_staff_id, at DESC);
CREATE INDEX staff_audit_action ON staff_audit (action, at DESC);
