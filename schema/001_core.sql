-- Rapport core schema: CRM records, profiles, identities, interactions and the merge ledger.
-- See DESIGN.md: interactions point at identities, so a merge moves a handful of identity rows and
-- an unmerge moves exactly those rows back, whatever the size of the history.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- The unified person. A merged profile keeps its row and points at the survivor.
CREATE TABLE profiles (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    display_name text,
    merged_into  bigint REFERENCES profiles (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (merged_into IS NULL OR merged_into <> id)
);
CREATE INDEX profiles_merged_into ON profiles (merged_into) WHERE merged_into IS NOT NULL;

-- CRM records exactly as imported. Never modified by a merge: the link to a profile goes through
-- the identity crm:<source>:<id>.
CREATE TABLE customers (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    crm_source  text NOT NULL,
    crm_id      text NOT NULL,
    name        text,
    emails      text[] NOT NULL DEFAULT '{}',
    phones      text[] NOT NULL DEFAULT '{}',
    handles     text[] NOT NULL DEFAULT '{}',
    attributes  jsonb NOT NULL DEFAULT '{}',
    imported_at timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (crm_source, crm_id)
);

-- One row per distinct normalised identifier.
CREATE TABLE identities (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind              text NOT NULL,
    value             text NOT NULL,
    profile_id        bigint NOT NULL REFERENCES profiles (id),
    -- The profile the identity was created on: the starting point when the ledger is replayed.
    origin_profile_id bigint NOT NULL REFERENCES profiles (id),
    source            text NOT NULL,
    confidence        real NOT NULL DEFAULT 1.0,
    first_seen        timestamptz NOT NULL DEFAULT now(),
    last_seen         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (kind, value)
);
CREATE INDEX identities_profile ON identities (profile_id);

-- Immutable records of contact. (source, external_id) makes ingest idempotent.
CREATE TABLE interactions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source      text NOT NULL,
    external_id text NOT NULL,
    identity_id bigint NOT NULL REFERENCES identities (id),
    channel     text NOT NULL,
    direction   text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    visibility  text NOT NULL CHECK (visibility IN ('public', 'private')),
    occurred_at timestamptz NOT NULL,
    thread_id   text,
    in_reply_to text,
    account     text,
    body        text,
    attributes  jsonb NOT NULL DEFAULT '{}',
    ingested_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (source, external_id)
);
-- A profile's timeline is one index range scan per identity.
CREATE INDEX interactions_timeline ON interactions (identity_id, occurred_at DESC, id DESC);
CREATE INDEX interactions_occurred_at ON interactions (occurred_at);

-- The merge ledger: every move of identities between profiles, and its undoing.
CREATE TABLE merges (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action       text NOT NULL CHECK (action IN ('merge', 'detach')),
    -- merge: the profile that absorbed the other. detach: the profile the identity left.
    survivor_id  bigint NOT NULL REFERENCES profiles (id),
    -- merge: the profile absorbed. detach: the new profile created for the identity.
    absorbed_id  bigint NOT NULL REFERENCES profiles (id),
    identity_ids bigint[] NOT NULL,
    steward      text NOT NULL,
    reason       text NOT NULL,
    automatic    boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- Order of ledger events (merges and their undoing), drawn after the row locks are held.
    seq          bigint NOT NULL,
    undone_at    timestamptz,
    undone_by    text,
    undo_reason  text,
    undo_seq     bigint,
    details      jsonb NOT NULL DEFAULT '{}'
);
CREATE SEQUENCE ledger_seq;
CREATE INDEX merges_survivor ON merges (survivor_id);
CREATE INDEX merges_absorbed ON merges (absorbed_id);
