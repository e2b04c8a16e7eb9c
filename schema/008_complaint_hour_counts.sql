-- Complaints per theme and hour, kept by triggers on `interaction_insights`.
--
-- The flaw report's baseline needs each theme's daily complaint counts over the weeks before the
-- period. Counted from the complaints index, that read grows with the history: on the 10M-row
-- benchmark store it scanned 3.3 million index entries and took 2.4–3 s of every nightly run
-- (docs/benchmarks.md). Here the counts are kept as they change, per theme and hour: the
-- report sums the whole hours of each day and counts only the hours a day's boundary cuts through
-- from the index (FlawReporter.priorCounts).
--
-- Statement-level triggers with transition tables see every change, whatever makes it — the
-- nightly COPY, the backlog's theme updates, erasure, retention — and add one row per theme and hour
-- the statement touched, with the change in count (negative for deletions). Rows are only ever
-- added, never updated, so two transactions counting the same hour never wait for each other (the
-- nightly job writes two chunks at once, and erasure or retention may run beside it); the report
-- sums them, and `complaint_hour_counts_compact` folds an hour's rows into one. Hours are binned
-- from a fixed UTC origin, so the session's time zone does not matter.
CREATE TABLE complaint_hour_counts (
    theme_id   bigint      NOT NULL,
    hour       timestamptz NOT NULL,
    complaints bigint      NOT NULL
);

CREATE INDEX complaint_hour_counts_hour ON complaint_hour_counts (hour) INCLUDE (theme_id, complaints);

INSERT INTO complaint_hour_counts (theme_id, hour, complaints)
SELECT theme_id, date_bin('1 hour', occurred_at, timestamptz '2000-01-01 00:00:00+00'), count(*)
FROM interaction_insights
WHERE kind = 'complaint' AND theme_id IS NOT NULL
GROUP BY 1, 2;

CREATE FUNCTION complaint_hour_counts_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO complaint_hour_counts (theme_id, hour, complaints)
        SELECT theme_id, date_bin('1 hour', occurred_at, timestamptz '2000-01-01 00:00:00+00'), count(*)
        FROM new_rows WHERE kind = 'complaint' AND theme_id IS NOT NULL
        GROUP BY 1, 2;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO complaint_hour_counts (theme_id, hour, complaints)
        SELECT theme_id, date_bin('1 hour', occurred_at, timestamptz '2000-01-01 00:00:00+00'), -count(*)
        FROM old_rows WHERE kind = 'complaint' AND theme_id IS NOT NULL
        GROUP BY 1, 2;
    ELSE
        INSERT INTO complaint_hour_counts (theme_id, hour, complaints)
        SELECT theme_id, hour, sum(change) FROM (
            SELECT theme_id, date_bin('1 hour', occurred_at, timestamptz '2000-01-01 00:00:00+00') AS hour, -1 AS change
            FROM old_rows WHERE kind = 'complaint' AND theme_id IS NOT NULL
            UNION ALL
            SELECT theme_id, date_bin('1 hour', occurred_at, timestamptz '2000-01-01 00:00:00+00'), 1
            FROM new_rows WHERE kind = 'complaint' AND theme_id IS NOT NULL
        ) d
        GROUP BY 1, 2 HAVING sum(change) <> 0;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER complaint_hour_counts_insert AFTER INSERT ON interaction_insights
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION complaint_hour_counts_change();
CREATE TRIGGER complaint_hour_counts_update AFTER UPDATE ON interaction_insights
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION complaint_hour_counts_change();
CREATE TRIGGER complaint_hour_counts_delete AFTER DELETE ON interaction_insights
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION complaint_hour_counts_change();

CREATE FUNCTION complaint_hour_counts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE complaint_hour_counts;
    RETURN NULL;
END
$$;

CREATE TRIGGER complaint_hour_counts_truncate AFTER TRUNCATE ON interaction_insights
    FOR EACH STATEMENT EXECUTE FUNCTION complaint_hour_counts_truncate();

-- Folds the rows of each hour in [since, before) that has several into one (dropping hours whose
-- count is zero); returns how many rows it removed. The nightly job runs it for the days before
-- its period. Only rows that exist when it starts are folded; rows added meanwhile stay as they are.
CREATE FUNCTION complaint_hour_counts_compact(since timestamptz, before timestamptz) RETURNS bigint LANGUAGE sql AS $$
    WITH crowded AS (
        SELECT theme_id, hour FROM complaint_hour_counts
        WHERE hour >= since AND hour < before
        GROUP BY 1, 2 HAVING count(*) > 1
    ), removed AS (
        DELETE FROM complaint_hour_counts c USING crowded w
        WHERE c.theme_id = w.theme_id AND c.hour = w.hour
        RETURNING c.theme_id, c.hour, c.complaints
    ), folded AS (
        INSERT INTO complaint_hour_counts (theme_id, hour, complaints)
        SELECT theme_id, hour, sum(complaints) FROM removed GROUP BY 1, 2 HAVING sum(complaints) <> 0
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM removed) - (SELECT count(*) FROM folded);
$$;
