-- The campaign scheduler's messages (issue 12). Its own schema: it shares the core's database or has one of its own,
-- and never reads the core's tables.

-- Templates a manager writes once per language (MessageTemplate in the domain).
CREATE TABLE message_template (
    code              text PRIMARY KEY,
    channel           text        NOT NULL CHECK (channel IN ('EMAIL', 'SMS')),
    fallback_language text        NOT NULL,
    variants          jsonb       NOT NULL,
    version           integer     NOT NULL,
    updated_at        timestamptz NOT NULL,
    updated_by        text        NOT NULL
);

-- One row per message, written before anything is sent. Its cause is unique, so planning a message twice (two
-- cron runs in the same second, a campaign paused and resumed, a feed event read twice) plans it once.
CREATE TABLE message (
    id             bigserial PRIMARY KEY,
    cause          text        NOT NULL UNIQUE,
    reference      text        NOT NULL UNIQUE,
    purpose        text        NOT NULL CHECK (purpose IN ('MARKETING', 'TRANSACTIONAL')),
    channel        text        NOT NULL CHECK (channel IN ('EMAIL', 'SMS')),
    member_id      uuid,
    to_address     text,
    template       text        NOT NULL,
    facts          jsonb       NOT NULL DEFAULT '{}',
    campaign       text,
    requested_by   text        NOT NULL,
    created_at     timestamptz NOT NULL,
    due_at         timestamptz NOT NULL,
    not_before     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    state          text        NOT NULL CHECK (state IN ('QUEUED', 'CLAIMED', 'SENDING', 'SENT', 'UNKNOWN', 'SUPPRESSED',
                                                         'REJECTED', 'FAILED', 'CANCELLED', 'EXPIRED')),
    attempts       integer     NOT NULL DEFAULT 0,
    lease_owner    text,
    lease_until    timestamptz,
    handed_at      timestamptz,
    finished_at    timestamptz,
    outcome        text,
    outcome_detail text,
    address_used   text,
    language       text,
    subject        text,
    segments       integer,
    provider_id    text,
    delivery       text CHECK (delivery IN ('QUEUED', 'SENT', 'DELIVERED', 'FAILED')),
    delivery_at    timestamptz,
    CHECK (member_id IS NOT NULL OR to_address IS NOT NULL)
);
CREATE INDEX message_due ON message (channel, not_before, id) WHERE state = 'QUEUED';
CREATE INDEX message_leased ON message (lease_until) WHERE state IN ('CLAIMED', 'SENDING');
CREATE INDEX message_member ON message (member_id, id);
-- The frequency cap counts a member's marketing messages handed over since a day in their time zone.
CREATE INDEX message_member_marketing ON message (member_id, handed_at)
    WHERE purpose = 'MARKETING' AND handed_at IS NOT NULL;
CREATE INDEX message_to ON message (to_address, created_at) WHERE to_address IS NOT NULL;

-- What happened to a message on its way, in order, beyond its final outcome: deferrals, retries, receipts.
CREATE TABLE message_step (
    id         bigserial PRIMARY KEY,
    message_id bigint      NOT NULL REFERENCES message (id),
    at         timestamptz NOT NULL,
    step       text        NOT NULL,
    detail     text
);
CREATE INDEX message_step_message ON message_step (message_id, id);

-- Opt-outs received here (a one-click unsubscribe, an SMS STOP), in force at once; pushed to the core's consents
-- until it has them (synced_at).
CREATE TABLE opt_out (
    id        bigserial PRIMARY KEY,
    member_id uuid        NOT NULL,
    channel   text        NOT NULL CHECK (channel IN ('EMAIL', 'SMS')),
    granted   boolean     NOT NULL,
    source    text        NOT NULL,
    at        timestamptz NOT NULL,
    synced_at timestamptz,
    attempts  integer     NOT NULL DEFAULT 0,
    last_error text
);
CREATE INDEX opt_out_member ON opt_out (member_id, channel, at DESC);
CREATE INDEX opt_out_unsynced ON opt_out (id) WHERE synced_at IS NULL;

-- The cluster-wide send rate per channel (a token bucket every instance takes from).
CREATE TABLE send_rate (
    channel      text PRIMARY KEY CHECK (channel IN ('EMAIL', 'SMS')),
    tokens       double precision NOT NULL,
    refreshed_at timestamptz      NOT NULL
);
INSERT INTO send_rate VALUES ('EMAIL', 0, now()), ('SMS', 0, now());

-- Staff-editable send rules (MessagingSettings), one row, versioned for If-Match; and the secret unsubscribe
-- links are signed with, made once so every instance signs alike.
CREATE TABLE messaging_settings (
    id         boolean PRIMARY KEY DEFAULT true CHECK (id),
    settings   jsonb       NOT NULL,
    version    integer     NOT NULL,
    updated_at timestamptz NOT NULL,
    updated_by text        NOT NULL,
    link_secret bytea      NOT NULL
);

-- One-time codes (the kiosk's sign-in by phone): only a hash of the code is kept.
CREATE TABLE one_time_code (
    id          uuid PRIMARY KEY,
    phone       text        NOT NULL,
    code_hash   bytea       NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    tries       integer     NOT NULL DEFAULT 0,
    last_try_at timestamptz,
    used_at     timestamptz
);
CREATE INDEX one_time_code_phone ON one_time_code (phone, created_at DESC);

-- Where the scheduler stands in the core's events feed (the welcome e-mail and the e-receipt follow it).
CREATE TABLE feed_position (
    consumer text PRIMARY KEY,
    position text NOT NULL,
    updated_at timestamptz NOT NULL
);
