-- A customer's earlier complaints are looked up by identity *and theme* (repeats and escalations are
-- within one theme), so the theme moves into the index key, and the columns the report shows
-- (channel, visibility, sentiment) are read from the table for the few rows that match.
--
-- The index this replaces carried them all (INCLUDE interaction_id, theme_id, channel, visibility,
-- sentiment): 293 MB against 116 MB on the 10M benchmark store. Its inserts land on random leaf
-- pages, each first touched after a checkpoint written whole to the WAL, and they were most of the
-- nightly run's writing: 9,600 complaint rows took 0.17–0.56 s with it and 0.13–0.31 s with this one
-- (psql, warm cache; 0.13–0.16 s with neither). Looking up 9,500 profile–theme pairs takes about as
-- long either way (0.17 s before, 0.19 s now, with the theme in the index condition).
CREATE INDEX interaction_insights_identity_theme ON interaction_insights (identity_id, theme_id, occurred_at)
    WHERE kind = 'complaint' AND theme_id IS NOT NULL;
DROP INDEX interaction_insights_identity;
