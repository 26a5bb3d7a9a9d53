-- Saved segments and tag rules (issue 13): rule trees in the language of docs/segments.md, stored as validated JSON
-- and compiled to SQL over the read model (V4) when used, so a segment always counts today's members.

-- A segment a manager saved, for campaigns' audiences and bulk tagging. The version guards against two managers
-- overwriting each other unseen (a change names the version it replaces).
CREATE TABLE segment (
    id         bigserial PRIMARY KEY,
    name       text        NOT NULL,
    rule       jsonb       NOT NULL,
    version    integer     NOT NULL,
    created_at timestamptz NOT NULL,
    created_by text        NOT NULL,
    updated_at timestamptz NOT NULL,
    updated_by text        NOT NULL
);
-- Two segments of one name would be told apart by nobody choosing an audience.
CREATE UNIQUE INDEX segment_name ON segment (lower(name));

-- A tag kept on the members that match a rule. A refresh applies the difference: it inserts member_tag rows
-- (source 'RULE') for members newly matching and deletes the rule's rows of members that no longer match; it never
-- rewrites the rows of members whose answer did not change. A tag set by staff or a campaign is left alone.
CREATE TABLE tag_rule (
    tag          text PRIMARY KEY,
    rule         jsonb       NOT NULL,
    version      integer     NOT NULL,
    updated_at   timestamptz NOT NULL,
    updated_by   text        NOT NULL,
    refreshed_at timestamptz
);
-- A refresh deletes by tag and source.
CREATE INDEX member_tag_source ON member_tag (tag, source);

-- The soonest day on which a member's points expire (ISO text, which orders as the dates do), kept by PostgreSQL
-- from points_expiring. A segment on points.expiringWithin reads the jsonb only of members whose first expiry falls
-- within its window: summing the jsonb of a million members costs over a second, skipping most of them does not.
CREATE FUNCTION first_points_expiry(expiring jsonb) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT min(e->>'on') FROM jsonb_array_elements(expiring) e $$;
ALTER TABLE member_facts
    ADD COLUMN points_expiring_first text GENERATED ALWAYS AS (first_points_expiry(points_expiring)) STORED;
