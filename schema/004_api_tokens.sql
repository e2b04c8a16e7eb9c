-- API tokens for `rapport serve`: a bearer token grants one role. Only the SHA-256 of the token is
-- stored; the token itself is printed once by `rapport token create` and cannot be recovered.
-- Revoking keeps the row (names stay unique, so an audit trail that names a token stays readable).
CREATE TABLE api_tokens (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL UNIQUE CHECK (name <> '' AND length(name) <= 200),
    role        text NOT NULL CHECK (role IN ('reader', 'ingest', 'steward', 'admin')),
    token_hash  text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
