-- The insights of customer messages that are not complaints, stored one row per classification
-- chunk instead of one row per message.
--
-- A nightly run classifies every new customer message, but only complaints take part in themes,
-- flags and reports. Writing one `interaction_insights` row (heap tuple, primary-key entry, WAL) for
-- each of the other ~60 % cost most of the nightly job's writing: COPYing a day of 87,000 insight
-- rows took 0.51 s, its 32,800 complaints alone 0.28 s (docs/benchmarks.md). From this version a
-- run writes its complaints into `interaction_insights` as before and the other messages of a chunk
-- as one row of parallel arrays here. Rows of other kinds written by earlier versions stay where
-- they are; `insight_records` shows both as one.
--
-- No interaction is in two batches, or in a batch and in `interaction_insights`: runs hold the
-- insight advisory lock and read only interactions that have no insight in either (InsightChunks).
CREATE TABLE insight_batches (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The lowest and highest interaction id in the batch (a filter: ids in between may be in other
    -- batches, complaints, or not classified).
    first_id         bigint NOT NULL,
    last_id          bigint NOT NULL,
    -- The latest occurred_at among the batch's interactions (an export of recent days skips the rest).
    last_occurred_at timestamptz NOT NULL,
    interaction_ids  bigint[] NOT NULL,
    kinds            text[] NOT NULL,
    -- From -1 (very negative) to +1 (very positive).
    sentiments       real[] NOT NULL,
    -- Per message, the cues that decided its kind, joined by U+001F ('' for none, or once erased or
    -- anonymised).
    cues             text[] NOT NULL,
    classified_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (first_id <= last_id),
    CHECK (cardinality(interaction_ids) > 0
           AND cardinality(kinds) = cardinality(interaction_ids)
           AND cardinality(sentiments) = cardinality(interaction_ids)
           AND cardinality(cues) = cardinality(interaction_ids)),
    CHECK (kinds <@ ARRAY['compliment', 'question', 'comment']::text[])
);
-- A batch's arrays are large (about 30 bytes a message): lz4 compresses them several times faster
-- than the default pglz, where the server has it (PostgreSQL built with lz4, as Debian's and the
-- official images are); elsewhere the default stays.
DO $$
BEGIN
    ALTER TABLE insight_batches
        ALTER COLUMN interaction_ids SET COMPRESSION lz4, ALTER COLUMN kinds SET COMPRESSION lz4,
        ALTER COLUMN sentiments SET COMPRESSION lz4, ALTER COLUMN cues SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    NULL;
END
$$;

-- The batches whose id span overlaps a range or holds an id.
CREATE INDEX insight_batches_span ON insight_batches USING gist (int8range(first_id, last_id, '[]'));

-- Every insight, one row per classified interaction, wherever it is stored.
CREATE VIEW insight_records AS
    SELECT interaction_id, kind, sentiment, cues, theme_id, classified_at FROM interaction_insights
    UNION ALL
    SELECT u.interaction_id, u.kind, u.sentiment, string_to_array(u.cues, E'\x1f'), NULL::bigint, b.classified_at
    FROM insight_batches b
    CROSS JOIN LATERAL unnest(b.interaction_ids, b.kinds, b.sentiments, b.cues) AS u(interaction_id, kind, sentiment, cues);

-- The batch entry of one interaction, if it has one (a point lookup: the span index, then a scan of
-- one batch's ids).
CREATE FUNCTION insight_batch_entry(interaction bigint)
RETURNS TABLE (kind text, sentiment real, cues text[], classified_at timestamptz)
LANGUAGE sql STABLE AS $$
    SELECT b.kinds[p], b.sentiments[p], string_to_array(b.cues[p], E'\x1f'), b.classified_at
    FROM insight_batches b
    CROSS JOIN LATERAL array_position(b.interaction_ids, interaction) AS p
    WHERE int8range(b.first_id, b.last_id, '[]') @> interaction AND p IS NOT NULL
    LIMIT 1
$$;

-- Erasure and retention: for the batch entries of `ids`, clears their cues (`drop_entries` false)
-- or removes them (true); a batch left empty is deleted. Returns how many entries changed (cues
-- that were not already empty, or entries removed).
CREATE FUNCTION insight_batches_forget(ids bigint[], drop_entries boolean)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    lo bigint;
    hi bigint;
    batch_id bigint;
    kept_ids bigint[];
    kept_kinds text[];
    kept_sentiments real[];
    kept_cues text[];
    hits bigint;
    changed bigint := 0;
BEGIN
    SELECT min(v), max(v) INTO lo, hi FROM unnest(ids) AS v;
    IF lo IS NULL THEN
        RETURN 0;
    END IF;
    FOR batch_id IN
        SELECT b.id FROM insight_batches b
        WHERE int8range(b.first_id, b.last_id, '[]') && int8range(lo, hi, '[]')
        ORDER BY b.id
        FOR UPDATE
    LOOP
        SELECT array_agg(e.i ORDER BY e.o) FILTER (WHERE NOT (drop_entries AND e.hit)),
               array_agg(e.k ORDER BY e.o) FILTER (WHERE NOT (drop_entries AND e.hit)),
               array_agg(e.s ORDER BY e.o) FILTER (WHERE NOT (drop_entries AND e.hit)),
               array_agg(CASE WHEN e.hit THEN '' ELSE e.c END ORDER BY e.o) FILTER (WHERE NOT (drop_entries AND e.hit)),
               count(*) FILTER (WHERE e.hit AND (drop_entries OR e.c <> ''))
        INTO kept_ids, kept_kinds, kept_sentiments, kept_cues, hits
        FROM (
            SELECT u.i, u.k, u.s, u.c, u.o, g.id IS NOT NULL AS hit
            FROM insight_batches b
            CROSS JOIN LATERAL unnest(b.interaction_ids, b.kinds, b.sentiments, b.cues) WITH ORDINALITY AS u(i, k, s, c, o)
            LEFT JOIN (SELECT DISTINCT v AS id FROM unnest(ids) AS v) g ON g.id = u.i
            WHERE b.id = batch_id
        ) e;
        CONTINUE WHEN hits = 0;
        IF kept_ids IS NULL THEN
            DELETE FROM insight_batches WHERE id = batch_id;
        ELSE
            UPDATE insight_batches
            SET interaction_ids = kept_ids, kinds = kept_kinds, sentiments = kept_sentiments, cues = kept_cues
            WHERE id = batch_id;
        END IF;
        changed := changed + hits;
    END LOOP;
    RETURN changed;
END
$$;
