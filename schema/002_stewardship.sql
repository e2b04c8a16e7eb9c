-- Stewardship: guardrails and merge suggestions.

-- Identifier values that must never link two people (shared mailboxes, a store's phone number, ...).
-- `pattern` is a LIKE pattern over the normalised value (use % and _).
CREATE TABLE blocklist (
    kind       text NOT NULL,
    pattern    text NOT NULL,
    reason     text NOT NULL,
    added_by   text NOT NULL DEFAULT 'rapport',
    added_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, pattern)
);
INSERT INTO blocklist (kind, pattern, reason) VALUES
    ('email', 'noreply@%', 'automated sender, shared by everyone'),
    ('email', 'no-reply@%', 'automated sender, shared by everyone'),
    ('email', 'donotreply@%', 'automated sender, shared by everyone'),
    ('email', 'test@test.com', 'test address'),
    ('email', 'test@example.com', 'test address'),
    ('email', 'info@%', 'shared mailbox'),
    ('email', 'support@%', 'shared mailbox'),
    ('email', 'sales@%', 'shared mailbox'),
    ('email', 'admin@%', 'shared mailbox'),
    ('phone', '+10000000000', 'placeholder number'),
    ('phone', '+15555555555', 'placeholder number');

-- Tunable settings as JSON values (guardrail limits, suggestion thresholds, report windows).
CREATE TABLE settings (
    key        text PRIMARY KEY,
    value      jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO settings (key, value) VALUES
    ('guardrails.max_identities_per_kind',
     '{"email": 10, "phone": 10, "twitter": 5, "facebook": 5, "instagram": 5, "webchat": 50, "crm": 10}');

-- Candidate pairs of profiles that are probably one person, with the evidence per field.
CREATE TABLE suggestions (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    left_profile  bigint NOT NULL REFERENCES profiles (id),
    right_profile bigint NOT NULL REFERENCES profiles (id),
    probability   double precision NOT NULL,
    weight        double precision NOT NULL,
    evidence      jsonb NOT NULL DEFAULT '[]',
    status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected', 'stale')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    decided_at    timestamptz,
    decided_by    text,
    merge_id      bigint REFERENCES merges (id),
    CHECK (left_profile < right_profile),
    UNIQUE (left_profile, right_profile)
);
CREATE INDEX suggestions_open ON suggestions (probability DESC) WHERE status = 'open';

-- The trained linkage model (m/u probabilities), kept so scoring is repeatable and explainable.
CREATE TABLE linkage_models (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model      jsonb NOT NULL,
    trained_at timestamptz NOT NULL DEFAULT now()
);
