-- Privacy: the audit trail of erasures (data-subject requests) and of retention runs.
-- Neither table holds personal data: an erasure is recorded by the ids of the rows it emptied and the
-- counts of what it removed, never by the values it removed. docs/privacy.md describes both commands.

CREATE TABLE erasures (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    erased_at      timestamptz NOT NULL DEFAULT now(),
    steward        text NOT NULL CHECK (steward <> ''),
    -- Checked at erasure time not to contain any of the erased values.
    reason         text NOT NULL CHECK (reason <> ''),
    -- The live profile the request resolved to, and every profile merged into it.
    profile_ids    bigint[] NOT NULL,
    -- The identities whose values were replaced by `erased:<id>`.
    identity_ids   bigint[] NOT NULL,
    -- The CRM records whose fields were emptied.
    customer_ids   bigint[] NOT NULL,
    -- What was removed, by kind: interactions, ledger entries, suggestions, report mentions, ...
    counts         jsonb NOT NULL
);
CREATE INDEX erasures_erased_at ON erasures (erased_at DESC);

CREATE TABLE retention_runs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz NOT NULL DEFAULT now(),
    -- Interactions that occurred before this instant were in scope.
    cutoff        timestamptz NOT NULL,
    mode          text NOT NULL CHECK (mode IN ('anonymise', 'delete')),
    interactions  bigint NOT NULL CHECK (interactions >= 0),
    report_quotes bigint NOT NULL CHECK (report_quotes >= 0)
);
