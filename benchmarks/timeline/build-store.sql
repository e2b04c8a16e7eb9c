-- A synthetic store for the timeline load run: 1M profiles, 1.33M identities (every profile a
-- twitter handle, every third one an email too), 10M interactions spread over two years.
\timing on
SET synchronous_commit = off;
SET maintenance_work_mem = '1GB';
ALTER TABLE interactions SET (autovacuum_enabled = false);
DROP INDEX interactions_timeline;
DROP INDEX interactions_occurred_at;
ALTER TABLE interactions DROP CONSTRAINT interactions_source_external_id_key;
ALTER TABLE interactions DROP CONSTRAINT interactions_identity_id_fkey;

INSERT INTO profiles (id, display_name, created_at) OVERRIDING SYSTEM VALUE
SELECT n, 'Customer ' || n, timestamptz '2024-01-01' + n * interval '1 second' FROM generate_series(1, 1000000) n;
SELECT setval(pg_get_serial_sequence('profiles', 'id'), 1000000);

INSERT INTO identities (id, kind, value, profile_id, origin_profile_id, source, first_seen, last_seen) OVERRIDING SYSTEM VALUE
SELECT n, 'twitter', 'user' || n, n, n, 'load', timestamptz '2024-01-01', timestamptz '2025-12-31' FROM generate_series(1, 1000000) n;
INSERT INTO identities (id, kind, value, profile_id, origin_profile_id, source, first_seen, last_seen) OVERRIDING SYSTEM VALUE
SELECT 1000000 + n, 'email', 'user' || (3 * n) || '@example.com', 3 * n, 3 * n, 'load', timestamptz '2024-01-01', timestamptz '2025-12-31'
FROM generate_series(1, 333333) n;
SELECT setval(pg_get_serial_sequence('identities', 'id'), 1333333);

-- identity_id cycles through all identities, so each has 7 or 8 interactions.
INSERT INTO interactions (id, source, external_id, identity_id, channel, direction, visibility, occurred_at, thread_id, account, body)
OVERRIDING SYSTEM VALUE
SELECT n, CASE WHEN i <= 1000000 THEN 'twitter' ELSE 'zendesk' END, 'x' || n, i,
       CASE WHEN i <= 1000000 THEN 'twitter' ELSE 'email' END,
       CASE WHEN n % 3 = 0 THEN 'outbound' ELSE 'inbound' END,
       CASE WHEN i <= 1000000 THEN 'public' ELSE 'private' END,
       timestamptz '2024-01-01' + ((n::bigint * 7919) % 63072000) * interval '1 second',
       't' || (n / 4), 'AcmeHelp',
       'Order ' || n || ': my parcel still has not arrived and the tracking page shows no update since Monday.'
FROM (SELECT n, 1 + (n % 1333333) AS i FROM generate_series(1::bigint, 10000000) n) s;
SELECT setval(pg_get_serial_sequence('interactions', 'id'), 10000000);

ALTER TABLE interactions ADD CONSTRAINT interactions_source_external_id_key UNIQUE (source, external_id);
CREATE INDEX interactions_timeline ON interactions (identity_id, occurred_at DESC, id DESC);
CREATE INDEX interactions_occurred_at ON interactions (occurred_at);
ALTER TABLE interactions ADD CONSTRAINT interactions_identity_id_fkey FOREIGN KEY (identity_id) REFERENCES identities (id);
ALTER TABLE interactions SET (autovacuum_enabled = true);
VACUUM ANALYZE profiles;
VACUUM ANALYZE identities;
VACUUM ANALYZE interactions;
SELECT pg_size_pretty(pg_database_size(current_database()));
