-- Every start of a core instance against this database: when, which version, on which host.
-- Operators read it to see what ran against the data (and a restart on the embedded default proves the
-- data folder kept everything). Append-only.
CREATE TABLE server_start (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at  timestamptz NOT NULL,
    version     text        NOT NULL,
    host        text        NOT NULL
);
