-- Rollups the KPIs are answered from (docs/kpis.md), so the console never scans purchases. The KPI follower
-- (store/PgKpis) keeps them current from outbox_event in feed order; POST /api/v1/kpis/rebuild recomputes them
-- from the tables. Days and months are the program's time zone's. A store column holds the store's code, '' for
-- sales made in no store (online) and members who joined in none; '*' in the member-counting tables is every store
-- at once, because a member active in two stores counts once in the chain.

-- How far the follower has read the feed: events at or before (txid, event_id) are in the rollups. After a rebuild,
-- events of transactions the rebuild's snapshot already saw (rebuilt_snapshot) are in them too and are skipped.
CREATE TABLE kpi_position (
    name              text        PRIMARY KEY,
    txid              xid8        NOT NULL,
    event_id          bigint      NOT NULL,
    rebuilt_snapshot  pg_snapshot,
    rebuilt_at        timestamptz,
    updated_at        timestamptz
);
INSERT INTO kpi_position (name, txid, event_id) VALUES ('kpis', '0', 0);

-- Sales per store, day, channel and whether a member made them. Refunds count on the day they were recorded,
-- under the store, channel and member-ness of the sale they refund.
CREATE TABLE kpi_sales_day (
    store                    text    NOT NULL,
    day                      date    NOT NULL,
    channel                  text    NOT NULL,
    member                   boolean NOT NULL,
    purchases                bigint  NOT NULL DEFAULT 0,
    total_minor              bigint  NOT NULL DEFAULT 0,
    eligible_minor           bigint  NOT NULL DEFAULT 0,
    refunds                  bigint  NOT NULL DEFAULT 0,
    refunded_eligible_minor  bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (store, day, channel, member)
);

-- Enrolments per join store, day and join channel (every enrolment, including members later merged or erased).
CREATE TABLE kpi_members_day (
    store    text   NOT NULL,
    day      date   NOT NULL,
    channel  text   NOT NULL,
    joined   bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (store, day, channel)
);

-- Points moved per member's join store and day, each as a positive number of points.
CREATE TABLE kpi_points_day (
    store         text   NOT NULL,
    day           date   NOT NULL,
    earned        bigint NOT NULL DEFAULT 0,
    redeemed      bigint NOT NULL DEFAULT 0,
    restored      bigint NOT NULL DEFAULT 0,
    expired       bigint NOT NULL DEFAULT 0,
    reversed      bigint NOT NULL DEFAULT 0,
    adjusted_in   bigint NOT NULL DEFAULT 0,
    adjusted_out  bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (store, day)
);

-- A member's visits (purchases) per month in a store, and in every store ('*').
CREATE TABLE kpi_member_month (
    member_id  uuid    NOT NULL,
    month      date    NOT NULL,
    store      text    NOT NULL,
    visits     integer NOT NULL,
    PRIMARY KEY (member_id, month, store)
);

-- Per store (and '*') and month: members with a visit, members with two or more, and their visits. Counted up when
-- a kpi_member_month row reaches 1 and 2 visits.
CREATE TABLE kpi_activity_month (
    store      text   NOT NULL,
    month      date   NOT NULL,
    active     bigint NOT NULL DEFAULT 0,
    repeaters  bigint NOT NULL DEFAULT 0,
    visits     bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (store, month)
);

-- Retention: members who joined (at store, or anywhere for '*') in join_month and bought anywhere in month.
CREATE TABLE kpi_cohort (
    store       text   NOT NULL,
    join_month  date   NOT NULL,
    month       date   NOT NULL,
    active      bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (store, join_month, month)
);

-- Each member's join store and tier (null once merged or erased) as the rollups last counted them, and the counts
-- of active members per store and tier.
CREATE TABLE kpi_member (
    member_id  uuid PRIMARY KEY,
    store      text NOT NULL,
    tier       text
);
CREATE TABLE kpi_tiers (
    store    text   NOT NULL,
    tier     text   NOT NULL,
    members  bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (store, tier)
);

-- Tier movements per member's join store, month and (from, to).
CREATE TABLE kpi_tier_moves (
    store      text   NOT NULL,
    month      date   NOT NULL,
    from_tier  text   NOT NULL,
    to_tier    text   NOT NULL,
    members    bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (store, month, from_tier, to_tier)
);

-- Each member's points still in open lots by the month they expire, as last counted, and the sums per store.
CREATE TABLE kpi_member_lots (
    member_id  uuid   NOT NULL,
    month      date   NOT NULL,
    points     bigint NOT NULL,
    PRIMARY KEY (member_id, month)
);
CREATE TABLE kpi_expiring (
    store   text   NOT NULL,
    month   date   NOT NULL,
    points  bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (store, month)
);
