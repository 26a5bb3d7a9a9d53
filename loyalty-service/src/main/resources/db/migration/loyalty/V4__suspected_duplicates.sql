-- Pairs of members that look like one person (an online customer whose e-mail names one member and whose
-- phone names another), listed for a manager to merge or dismiss instead of guessed.
CREATE TABLE suspected_duplicate (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_a     uuid        NOT NULL REFERENCES member (id),
    member_b     uuid        NOT NULL REFERENCES member (id),
    reason       text        NOT NULL,
    detected_at  timestamptz NOT NULL,
    resolved_at  timestamptz,
    CHECK (member_a < member_b)
);
CREATE UNIQUE INDEX suspected_duplicate_open ON suspected_duplicate (member_a, member_b) WHERE resolved_at IS NULL;
