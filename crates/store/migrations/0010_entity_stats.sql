-- Aggregates a page would otherwise recompute over the whole corpus on every request
-- (speaker counts, top lists, mention counts, corpus totals): refreshed by the corpus pass
-- at the end of an ingest (Store::refresh_stats), read by the home page, the speaker list
-- and the entity list.
-- One row per canonical entity (entities without canonical_id): the quotes of it and of the
-- entities linked to it, the articles it is quoted in, its own mentions.
CREATE TABLE entity_stats (
    entity_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    quotes INTEGER NOT NULL,
    quoted_articles INTEGER NOT NULL,
    mentions INTEGER NOT NULL
);
CREATE INDEX entity_stats_quotes ON entity_stats(quotes DESC, name);
CREATE INDEX entity_stats_articles ON entity_stats(quoted_articles DESC, quotes DESC, name);
CREATE INDEX entity_stats_mentions ON entity_stats(mentions DESC, name);
CREATE INDEX entity_stats_name ON entity_stats(name COLLATE NOCASE, entity_id);
-- the corpus totals when the aggregates were last refreshed; refreshed NULL: never
CREATE TABLE corpus_stats (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    articles INTEGER NOT NULL,
    quotes INTEGER NOT NULL,
    entities INTEGER NOT NULL,
    refreshed INTEGER                -- unix seconds
);
INSERT INTO corpus_stats (one, articles, quotes, entities, refreshed) VALUES (1, 0, 0, 0, NULL);
-- the quote list's date order walks articles by day (articles_published) and each
-- article's quotes in order, without sorting the corpus
CREATE INDEX quotes_article_position ON quotes(article_id, position);
