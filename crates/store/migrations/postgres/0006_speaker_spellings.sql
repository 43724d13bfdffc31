-- The speaker list's name filter reads one kept column (see the SQLite migration 0014):
-- a canonical entity's name and its aliases, one per line, written by the corpus pass,
-- under a trigram index (pg_trgm, a trusted extension shipped with PostgreSQL) that
-- serves ILIKE '%…%' for substrings of three or more characters.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE entity_stats ADD COLUMN spellings TEXT NOT NULL DEFAULT '';
CREATE INDEX entity_stats_spellings ON entity_stats USING gin (spellings gin_trgm_ops);
UPDATE corpus_stats SET refreshed = NULL;
