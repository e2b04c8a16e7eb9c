-- Insight: what each inbound interaction is (complaint, compliment, question, comment), the complaint
-- themes, and the stored flaw reports. docs/insight.md describes the nightly job that fills them.
-- Interactions stay immutable and insert-only: their insight lives in its own table, written once.

-- Complaint themes: the operational problem behind a group of complaints. Ids are stable across
-- nightly runs; the centroid (term -> weight, at most 200 terms) decides which theme a new complaint
-- joins, and `size` counts the complaints that joined it.
CREATE TABLE themes (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text NOT NULL,
    -- Set for themes named by the company's taxonomy file; one theme per key.
    taxonomy_key text UNIQUE,
    centroid     jsonb NOT NULL DEFAULT '{}',
    size         bigint NOT NULL DEFAULT 0 CHECK (size >= 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- The document frequencies behind the theme features' IDF weights (`ThemeVocabulary` as JSON):
-- one row, rewritten after every theme run so a term weighs the same from night to night.
CREATE TABLE theme_vocabulary (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    vocabulary jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per classified inbound interaction. `occurred_at`, `identity_id`, `channel` and
-- `visibility` are the interaction's own, copied because interactions are immutable (a merge moves
-- identities between profiles, never interactions between identities), so the copies cannot drift:
-- they let the report read complaints per theme, day and customer from this table's indexes alone.
-- `interaction_id` is an interaction's id, deliberately without a FOREIGN KEY: interactions are
-- insert-only and never deleted, insight rows are written only by the classification run for ids it
-- has just read from `interactions`, and the per-row check (a trigger that locks the interaction row)
-- cost about 40 % of the nightly write time (docs/insight.md). Whatever deletes an interaction must
-- delete its insight first.
CREATE TABLE interaction_insights (
    interaction_id bigint PRIMARY KEY,
    kind           text NOT NULL CHECK (kind IN ('complaint', 'compliment', 'question', 'comment')),
    -- From -1 (very negative) to +1 (very positive).
    sentiment      real NOT NULL CHECK (sentiment BETWEEN -1 AND 1),
    -- The cues that decided the kind, for a person to read.
    cues           text[] NOT NULL DEFAULT '{}',
    theme_id       bigint REFERENCES themes (id),
    occurred_at    timestamptz NOT NULL,
    identity_id    bigint NOT NULL,
    channel        text NOT NULL,
    visibility     text NOT NULL CHECK (visibility IN ('public', 'private')),
    classified_at  timestamptz NOT NULL DEFAULT now(),
    -- When theme assignment saw this complaint (it is then in the vocabulary); null for other kinds.
    -- A complaint seen but left without a theme is offered to the themes again while it is recent.
    themed_at      timestamptz,
    CHECK (kind = 'complaint' OR (theme_id IS NULL AND themed_at IS NULL))
);
-- Complaints per theme and day (the report's baseline and trend), and the period's complaints that
-- an earlier run classified, read from the index alone.
CREATE INDEX interaction_insights_complaints ON interaction_insights (occurred_at) INCLUDE (theme_id, classified_at)
    WHERE kind = 'complaint' AND theme_id IS NOT NULL;
-- A customer's earlier complaints (repeats and escalations), read from the index alone.
CREATE INDEX interaction_insights_identity ON interaction_insights (identity_id, occurred_at)
    INCLUDE (interaction_id, theme_id, channel, visibility, sentiment)
    WHERE kind = 'complaint' AND theme_id IS NOT NULL;
-- The theme run's backlog: recent complaints it saw but left without a theme.
CREATE INDEX interaction_insights_unthemed ON interaction_insights (occurred_at)
    WHERE kind = 'complaint' AND themed_at IS NOT NULL AND theme_id IS NULL;

-- How far incremental classification has got: every inbound interaction with an id at or below
-- `classified_through` has been considered. Taken under a brief SHARE lock on `interactions`, so
-- no insert with a lower id can still be in flight (see docs/insight.md).
CREATE TABLE insight_progress (
    singleton          boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    classified_through bigint NOT NULL,
    updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Stored flaw reports, so trends can be compared night to night. `document` is the report's JSON
-- (`FlawReport`, the `--format json` contract); the other columns summarise it for `report list`.
CREATE TABLE reports (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- 'flaws' (rapport report flaws) or 'nightly' (rapport report nightly).
    origin            text NOT NULL CHECK (origin IN ('flaws', 'nightly')),
    period_from       timestamptz NOT NULL,
    period_to         timestamptz NOT NULL,
    generated_at      timestamptz NOT NULL,
    settings          jsonb NOT NULL,
    document          jsonb NOT NULL,
    complaints        integer NOT NULL,
    customers         integer NOT NULL,
    listed_themes     integer NOT NULL,
    flagged_themes    integer NOT NULL,
    repeated_themes   integer NOT NULL,
    widespread_themes integer NOT NULL,
    rising_themes     integer NOT NULL,
    escalated_themes  integer NOT NULL,
    CHECK (period_from < period_to)
);
CREATE INDEX reports_generated_at ON reports (generated_at DESC, id DESC);
CREATE INDEX reports_period ON reports (period_from, period_to);
