-- The speaker list's name filter reads one kept column instead of each speaker's name and
-- aliases per request: `spellings` is a canonical entity's name and its aliases, one per
-- line, written by the corpus pass (Store::refresh_stats). A trigram index over it
-- (FTS5's `trigram` tokenizer, rebuilt with the aggregates) finds the speakers whose
-- spellings hold a typed substring of three or more characters without reading them all.
ALTER TABLE entity_stats ADD COLUMN spellings TEXT NOT NULL DEFAULT '';
CREATE VIRTUAL TABLE speaker_spellings USING fts5(
    spellings, content='entity_stats', content_rowid='entity_id', tokenize='trigram'
);
-- the next open refreshes the aggregates, spellings and their index included
UPDATE corpus_stats SET refreshed = NULL;
