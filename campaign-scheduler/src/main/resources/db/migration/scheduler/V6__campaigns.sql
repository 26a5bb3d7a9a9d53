-- Campaigns (issue 13): what staff define, every change to it, and one row per effect a campaign has on a member.

CREATE TABLE campaign (
    id              text PRIMARY KEY,
    spec            jsonb       NOT NULL,
    status          text        NOT NULL CHECK (status IN ('DRAFT', 'SCHEDULED', 'RUNNING', 'PAUSED', 'FINISHED')),
    version         integer     NOT NULL,
    -- When it last started running: events before this never fire it, so neither a replay nor an edit acts on
    -- the past.
    running_since   timestamptz,
    next_run_at     timestamptz,
    -- Budget spent or reserved, moved only under this row's lock and only within the spec's budget.
    spent_points    bigint      NOT NULL DEFAULT 0,
    spent_vouchers  bigint      NOT NULL DEFAULT 0,
    spent_messages  bigint      NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL,
    created_by      text        NOT NULL,
    updated_at      timestamptz NOT NULL,
    updated_by      text        NOT NULL
);
CREATE INDEX campaign_active ON campaign (status) WHERE status IN ('SCHEDULED', 'RUNNING');

-- Every change to a campaign: who, when, what, and the campaign before and after.
CREATE TABLE campaign_audit (
    id       bigserial PRIMARY KEY,
    campaign text        NOT NULL,
    at       timestamptz NOT NULL,
    actor    text        NOT NULL,
    action   text        NOT NULL,
    before   jsonb,
    after    jsonb
);
CREATE INDEX campaign_audit_campaign ON campaign_audit (campaign, id);

-- One row per (campaign, occurrence, member): written before anything is done, so an occurrence acts on a
-- member once however often it is planned (two instances, a replayed feed, a resumed campaign). Its key is the
-- idempotency id of what it asks of the core. Held-out members get a row too (HELD_OUT), never acted on: the
-- results compare them with the treated.
CREATE TABLE campaign_effect (
    id            bigserial PRIMARY KEY,
    key           uuid        NOT NULL UNIQUE,
    campaign      text        NOT NULL REFERENCES campaign (id),
    occurrence    text        NOT NULL,
    member_id     uuid        NOT NULL,
    state         text        NOT NULL CHECK (state IN ('PLANNED', 'CLAIMED', 'DONE', 'HELD_OUT', 'OVER_BUDGET',
                                                        'SKIPPED', 'FAILED')),
    planned_at    timestamptz NOT NULL,
    due_at        timestamptz NOT NULL,
    -- Whether its share of the budget is counted in campaign.spent_*: set once, when first taken up, and kept
    -- through a lost lease so a retry never counts it twice.
    reserved      boolean     NOT NULL DEFAULT false,
    attempts      integer     NOT NULL DEFAULT 0,
    lease_owner   text,
    lease_until   timestamptz,
    done_at       timestamptz,
    detail        text,
    points        bigint      NOT NULL DEFAULT 0,
    voucher_id    uuid,
    voucher_code  text,
    voucher_used_at timestamptz,
    voucher_discount_minor bigint NOT NULL DEFAULT 0,
    messages      integer     NOT NULL DEFAULT 0,
    UNIQUE (campaign, occurrence, member_id)
);
CREATE INDEX campaign_effect_due ON campaign_effect (due_at, id) WHERE state = 'PLANNED';
CREATE INDEX campaign_effect_lease ON campaign_effect ((CASE WHEN state = 'CLAIMED' THEN lease_until END));
CREATE INDEX campaign_effect_member ON campaign_effect (member_id);
CREATE INDEX campaign_effect_campaign ON campaign_effect (campaign, state);
CREATE INDEX campaign_effect_voucher ON campaign_effect (voucher_id) WHERE voucher_id IS NOT NULL;

-- Occurrences planned for the whole audience at once (a schedule's run, a day's sweep): planned in the same
-- transaction as their effects, so a second instance finds the row and plans nothing.
CREATE TABLE campaign_run (
    campaign   text        NOT NULL REFERENCES campaign (id),
    occurrence text        NOT NULL,
    planned_at timestamptz NOT NULL,
    members    integer     NOT NULL,
    held_out   integer     NOT NULL,
    PRIMARY KEY (campaign, occurrence)
);

-- Store managers' alerts from campaigns, listed in the console and e-mailed once a day.
CREATE TABLE manager_alert (
    id         bigserial PRIMARY KEY,
    effect_key uuid        NOT NULL UNIQUE,
    campaign   text        NOT NULL,
    member_id  uuid        NOT NULL,
    store      text,
    note       text        NOT NULL,
    created_at timestamptz NOT NULL,
    emailed_at timestamptz
);
CREATE INDEX manager_alert_store ON manager_alert (store, created_at);
CREATE INDEX manager_alert_unsent ON manager_alert (created_at) WHERE emailed_at IS NULL;

-- db-scheduler's table (its postgresql_tables.sql, 16.x): the recurring ticks and sweeps run from it, one
-- instance at a time across a cluster.
CREATE TABLE scheduled_tasks (
    task_name            text                     NOT NULL,
    task_instance        text                     NOT NULL,
    task_data            bytea,
    execution_time       timestamp with time zone,
    picked               boolean                  NOT NULL,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint                   NOT NULL,
    priority             smallint,
    state                text,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- A campaign's messages, counted in its results.
CREATE INDEX message_campaign ON message (campaign, state) WHERE campaign IS NOT NULL;
