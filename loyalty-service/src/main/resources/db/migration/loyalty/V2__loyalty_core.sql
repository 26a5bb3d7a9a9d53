-- The loyalty core: program, members, points, purchases, vouchers, events, API keys.
-- Money is bigint minor units in the program's one currency. Points are bigint.

-- The program is versioned, validated data; the highest version is in force.
CREATE TABLE program_version (
    version     integer     PRIMARY KEY,
    document    jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    created_by  text        NOT NULL
);

-- A member. Every change to a member's points, tier or vouchers first locks this row (SELECT ... FOR UPDATE),
-- so the ledger changes of one member are serialised across threads and instances.
CREATE TABLE member (
    id              uuid        PRIMARY KEY,
    status          text        NOT NULL CHECK (status IN ('ACTIVE', 'MERGED', 'ERASED')),
    merged_into     uuid        REFERENCES member (id),
    given_name      text,
    family_name     text,
    birthday        date,
    language        text,
    preferred_store text,
    join_channel    text        NOT NULL,
    join_store      text,
    referral_code   text        NOT NULL UNIQUE,
    referred_by     uuid        REFERENCES member (id),
    tags            text[]      NOT NULL DEFAULT '{}',
    tier_code       text        NOT NULL,
    tier_since      timestamptz NOT NULL,
    -- Set by the tier review when the member's qualifying amount first falls below their tier's threshold;
    -- the grace period runs from here. Cleared when they qualify again.
    tier_below_since timestamptz,
    -- Points owed by the member after a refund reversed points already spent; paid off by later earnings.
    points_debt     bigint      NOT NULL DEFAULT 0 CHECK (points_debt >= 0),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

-- Identifiers by which a member is found. Unique among active members: an identifier moves to history
-- (active = false) on change, merge or erasure, and may then be taken by someone else.
CREATE TABLE member_identifier (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id   uuid        NOT NULL REFERENCES member (id),
    kind        text        NOT NULL CHECK (kind IN ('PHONE', 'EMAIL', 'CARD', 'QR', 'EXTERNAL')),
    value       text        NOT NULL,
    active      boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL,
    retired_at  timestamptz
);
CREATE UNIQUE INDEX member_identifier_active ON member_identifier (kind, value) WHERE active;
CREATE INDEX member_identifier_member ON member_identifier (member_id);

-- Consent per channel, as a history: the newest row per (member, channel) is in force.
CREATE TABLE member_consent (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id   uuid        NOT NULL REFERENCES member (id),
    channel     text        NOT NULL CHECK (channel IN ('EMAIL', 'SMS')),
    granted     boolean     NOT NULL,
    at          timestamptz NOT NULL,
    source      text        NOT NULL
);
CREATE INDEX member_consent_member ON member_consent (member_id, channel, id DESC);

CREATE TABLE tier_change (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id   uuid        NOT NULL REFERENCES member (id),
    from_tier   text,
    to_tier     text        NOT NULL,
    at          timestamptz NOT NULL,
    reason      text        NOT NULL
);
CREATE INDEX tier_change_member ON tier_change (member_id, at);

-- A purchase from any channel; anonymous ones (member_id null) are kept for analytics.
-- (source, external_id) is the client's own id of the sale: a replay finds the original.
CREATE TABLE purchase (
    id               uuid        PRIMARY KEY,
    source           text        NOT NULL,
    external_id      text        NOT NULL,
    member_id        uuid        REFERENCES member (id),
    channel          text        NOT NULL,
    store            text,
    terminal         text,
    occurred_at      timestamptz NOT NULL,
    currency         text        NOT NULL,
    total_minor      bigint      NOT NULL,
    eligible_minor   bigint      NOT NULL,
    qualifying_minor bigint      NOT NULL,
    points_earned    bigint      NOT NULL,
    program_version  integer     NOT NULL,
    award            jsonb       NOT NULL,
    -- The request as received (lines, tenders, vouchers) and the answer given: a replay gets that answer.
    detail           jsonb       NOT NULL,
    result           jsonb       NOT NULL,
    recorded_at      timestamptz NOT NULL,
    UNIQUE (source, external_id)
);
CREATE INDEX purchase_member ON purchase (member_id, occurred_at);

CREATE TABLE refund (
    id                   uuid        PRIMARY KEY,
    purchase_id          uuid        NOT NULL REFERENCES purchase (id),
    source               text        NOT NULL,
    external_id          text        NOT NULL,
    eligible_minor       bigint      NOT NULL CHECK (eligible_minor >= 0),
    points_reversed      bigint      NOT NULL CHECK (points_reversed >= 0),
    detail               jsonb       NOT NULL,
    result               jsonb       NOT NULL,
    recorded_at          timestamptz NOT NULL,
    UNIQUE (source, external_id)
);
CREATE INDEX refund_purchase ON refund (purchase_id);

-- Points come in lots: what one purchase (or bonus, or adjustment) earned, available from available_at,
-- expiring at expires_at. remaining drops as the lot is spent, reversed or expired; never below zero.
CREATE TABLE points_lot (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id     uuid        NOT NULL REFERENCES member (id),
    purchase_id   uuid        REFERENCES purchase (id),
    earned        bigint      NOT NULL CHECK (earned > 0),
    remaining     bigint      NOT NULL CHECK (remaining >= 0 AND remaining <= earned),
    available_at  timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    released      boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL
);
CREATE INDEX points_lot_spendable ON points_lot (member_id, expires_at) WHERE remaining > 0;
CREATE INDEX points_lot_pending ON points_lot (available_at) WHERE NOT released;
CREATE INDEX points_lot_expiring ON points_lot (expires_at) WHERE remaining > 0;

-- The ledger: append-only, every entry says why it exists. The sum of a member's entries equals the points
-- in their lots less their debt.
CREATE TABLE points_entry (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id     uuid        NOT NULL REFERENCES member (id),
    kind          text        NOT NULL CHECK (kind IN ('EARN', 'BONUS', 'REDEEM', 'EXPIRE', 'ADJUST', 'REVERSE', 'MERGE')),
    points        bigint      NOT NULL,
    reason        text        NOT NULL,
    purchase_id   uuid        REFERENCES purchase (id),
    refund_id     uuid        REFERENCES refund (id),
    redemption_id uuid,
    lot_id        bigint      REFERENCES points_lot (id),
    actor         text        NOT NULL,
    -- The caller's id of a manual adjustment: a retry finds the entry instead of adjusting twice.
    client_key    text,
    at            timestamptz NOT NULL
);
CREATE INDEX points_entry_member ON points_entry (member_id, id);
CREATE UNIQUE INDEX points_entry_client_key ON points_entry (member_id, client_key) WHERE client_key IS NOT NULL;

-- A spend of points: for a reward, or as a tender at the till. The client's id makes a retry harmless.
CREATE TABLE redemption (
    id            uuid        PRIMARY KEY,
    member_id     uuid        NOT NULL REFERENCES member (id),
    client_id     text        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('REWARD', 'TENDER')),
    points        bigint      NOT NULL CHECK (points > 0),
    reward_code   text,
    voucher_id    uuid,
    reference     text,
    result        jsonb       NOT NULL,
    at            timestamptz NOT NULL,
    UNIQUE (member_id, client_id)
);

CREATE TABLE voucher (
    id              uuid        PRIMARY KEY,
    code            text        NOT NULL UNIQUE,
    template_code   text        NOT NULL,
    template        jsonb       NOT NULL,
    member_id       uuid        REFERENCES member (id),
    status          text        NOT NULL CHECK (status IN ('ISSUED', 'REDEEMED', 'EXPIRED', 'VOIDED')),
    uses_allowed    integer     NOT NULL CHECK (uses_allowed > 0),
    uses            integer     NOT NULL DEFAULT 0 CHECK (uses >= 0 AND uses <= uses_allowed),
    valid_from      timestamptz NOT NULL,
    valid_until     timestamptz NOT NULL,
    issue_key       text        UNIQUE,
    issued_at       timestamptz NOT NULL,
    reason          text        NOT NULL
);
CREATE INDEX voucher_member ON voucher (member_id) WHERE member_id IS NOT NULL;

-- A hold on one use of a voucher for an open sale; committed on sale, released on void, lapsed after its
-- hold. Uses in flight plus uses made never exceed the voucher's limit (checked under the voucher's row lock).
CREATE TABLE voucher_reservation (
    id          uuid        PRIMARY KEY,
    voucher_id  uuid        NOT NULL REFERENCES voucher (id),
    sale_ref    text        NOT NULL,
    status      text        NOT NULL CHECK (status IN ('RESERVED', 'COMMITTED', 'RELEASED', 'LAPSED')),
    held_until  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL,
    settled_at  timestamptz,
    UNIQUE (voucher_id, sale_ref)
);
CREATE INDEX voucher_reservation_open ON voucher_reservation (voucher_id) WHERE status = 'RESERVED';

-- Domain events, written in the same transaction as the change. The feed orders by (txid, id) and only
-- serves transactions older than every one still running, so an event that commits late is never skipped.
CREATE TABLE outbox_event (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    txid        xid8        NOT NULL DEFAULT pg_current_xact_id(),
    type        text        NOT NULL,
    member_id   uuid,
    payload     jsonb       NOT NULL,
    at          timestamptz NOT NULL
);
CREATE INDEX outbox_event_position ON outbox_event (txid, id);

-- API keys: the secret is never stored, only its SHA-256 (the secret is 256 random bits, so a fast hash
-- is as strong as a slow one and costs microseconds per request).
CREATE TABLE api_key (
    id           text        PRIMARY KEY,
    secret_hash  bytea       NOT NULL,
    scope        text        NOT NULL CHECK (scope IN ('ADMIN', 'STORE', 'CONNECTOR', 'KIOSK')),
    store        text,
    name         text        NOT NULL,
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz
);

-- Staff actions that change data outside the normal flow (adjustments, merges, erasures): who, what, why.
CREATE TABLE audit_log (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    member_id   uuid,
    detail      jsonb       NOT NULL,
    at          timestamptz NOT NULL
);

-- Maintenance jobs take a row lock here so that only one instance runs a job at a time.
CREATE TABLE job_run (
    name        text        PRIMARY KEY,
    last_run_at timestamptz
);
INSERT INTO job_run (name) VALUES ('release-pending'), ('expire-lots'), ('tier-review'), ('lapse-reservations');
