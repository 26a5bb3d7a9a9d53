-- The scheduler's read model (issue 13): what it knows about members, built only from the core's events feed
-- (io.punchcard.api.event.LoyaltyEvent), never from the core's tables. The follower that writes these tables keeps
-- its feed position (feed_position, consumer 'facts') in the same transaction as the facts an event changed, so a
-- restart, a second instance or a replay neither skips nor counts an event twice. Erased members' rows are deleted.

-- One row per member the feed has named. Segments are compiled to SQL over this table (segment/SegmentSql).
CREATE TABLE member_facts (
    member_id          uuid PRIMARY KEY,
    status             text        NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'MERGED')),
    merged_into        uuid,
    tier               text,
    preferred_store    text,
    join_store         text,
    join_channel       text,
    joined_at          timestamptz,
    language           text,
    time_zone          text,
    birthday           date,
    email_consent      boolean     NOT NULL DEFAULT false,
    sms_consent        boolean     NOT NULL DEFAULT false,
    referral_code      text,
    referred_by        uuid,
    -- The core's tags as the feed last gave them; tags set here (staff, rules, campaigns) are in member_tag.
    core_tags          text[]      NOT NULL DEFAULT '{}',
    first_purchase_at  timestamptz,
    last_purchase_at   timestamptz,
    purchases          integer     NOT NULL DEFAULT 0,
    spend_minor        bigint      NOT NULL DEFAULT 0,
    -- Visits (days with a purchase, in the member's zone) and spend (less refunds) over the last 30, 90 and 365
    -- days, counted back from windows_on; the daily roll moves windows_on forward and drops what fell out.
    visits_30          integer     NOT NULL DEFAULT 0,
    visits_90          integer     NOT NULL DEFAULT 0,
    visits_365         integer     NOT NULL DEFAULT 0,
    spend_30           bigint      NOT NULL DEFAULT 0,
    spend_90           bigint      NOT NULL DEFAULT 0,
    spend_365          bigint      NOT NULL DEFAULT 0,
    windows_on         date,
    categories         text[]      NOT NULL DEFAULT '{}',
    points_available   bigint      NOT NULL DEFAULT 0,
    points_pending     bigint      NOT NULL DEFAULT 0,
    points_debt        bigint      NOT NULL DEFAULT 0,
    -- [{"on": "2027-01-31", "points": 120}, ...], soonest first, as the last points event gave it.
    points_expiring    jsonb       NOT NULL DEFAULT '[]',
    updated_at         timestamptz NOT NULL
);
CREATE INDEX member_facts_tier ON member_facts (tier);
CREATE INDEX member_facts_store ON member_facts (preferred_store);
CREATE INDEX member_facts_last_purchase ON member_facts (last_purchase_at);
-- The birthday sweep looks members up by month and day.
CREATE INDEX member_facts_birthday ON member_facts ((extract(month FROM birthday)), (extract(day FROM birthday)))
    WHERE birthday IS NOT NULL;
CREATE INDEX member_facts_referred_by ON member_facts (referred_by) WHERE referred_by IS NOT NULL;

-- Each purchase the feed reported, for the windows above, first purchases and campaign results (conversion and
-- revenue of treated and held-out members).
CREATE TABLE fact_purchase (
    purchase_id    uuid PRIMARY KEY,
    member_id      uuid        NOT NULL,
    occurred_at    timestamptz NOT NULL,
    day            date        NOT NULL,
    store          text,
    channel        text,
    total_minor    bigint      NOT NULL,
    eligible_minor bigint      NOT NULL,
    refunded_minor bigint      NOT NULL DEFAULT 0,
    points         bigint      NOT NULL DEFAULT 0,
    categories     text[]      NOT NULL DEFAULT '{}',
    history        boolean     NOT NULL DEFAULT false
);
CREATE INDEX fact_purchase_member ON fact_purchase (member_id, occurred_at);
CREATE INDEX fact_purchase_day ON fact_purchase (day);

-- Points an earning rule put on a purchase, for rules a campaign installed: the campaign's cost.
CREATE TABLE fact_rule_points (
    purchase_id uuid   NOT NULL,
    rule        text   NOT NULL,
    campaign    text   NOT NULL,
    member_id   uuid   NOT NULL,
    points      bigint NOT NULL,
    at          timestamptz NOT NULL,
    PRIMARY KEY (purchase_id, rule)
);
CREATE INDEX fact_rule_points_campaign ON fact_rule_points (campaign);

-- Tags set here rather than in the core: by staff, by a tag rule, by a campaign action or in bulk on a segment.
CREATE TABLE member_tag (
    member_id uuid        NOT NULL,
    tag       text        NOT NULL,
    source    text        NOT NULL,
    set_by    text        NOT NULL,
    set_at    timestamptz NOT NULL,
    PRIMARY KEY (member_id, tag)
);
CREATE INDEX member_tag_tag ON member_tag (tag);
