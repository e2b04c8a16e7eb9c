-- The nightly run's insight rows no longer check `theme_id` against `themes` row by row.
--
-- The check was a trigger per complaint row (a lookup and a share lock on the theme) and cost about
-- 28 % of writing a day's insight rows: COPYing 87,000 rows took 0.79–0.83 s with it, 0.58–0.61 s
-- without (3 runs each, docs/benchmarks.md). What it guarded is kept by the code instead: theme
-- rows are never deleted, and a chunk inserts the themes it creates in the same transaction as, and
-- before, the insight rows that name them (InsightChunks); a test with many small chunks
-- checks that every theme_id names a theme (InsightClassificationTests).
ALTER TABLE interaction_insights DROP CONSTRAINT IF EXISTS interaction_insights_theme_id_fkey;
