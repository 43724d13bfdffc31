-- Aggregates refreshed by the corpus pass (see the SQLite migration 0010).
CREATE TABLE entity_stats (
    entity_id BIGINT PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL,
    kind TEXT NOT NULL,
    quotes BIGINT NOT NULL,
    quoted_articles BIGINT NOT NULL,
    mentions BIGINT NOT NULL
);
CREATE INDEX entity_stats_quotes ON entity_stats(quotes DESC, name);
CREATE INDEX entity_stats_articles ON entity_stats(quoted_articles DESC, quotes DESC, name);
CREATE INDEX entity_stats_mentions ON entity_stats(mentions DESC, name);
CREATE INDEX entity_stats_name ON entity_stats(lower(name), entity_id);
CREATE TABLE corpus_stats (
    one BIGINT PRIMARY KEY CHECK (one = 1),
    articles BIGINT NOT NULL,
    quotes BIGINT NOT NULL,
    entities BIGINT NOT NULL,
    refreshed BIGINT
);
INSERT INTO corpus_stats (one, articles, quotes, entities, refreshed) VALUES (1, 0, 0, 0, NULL);
-- undated first, as the quote list orders; read backwards, newest first with undated last
CREATE INDEX articles_day_id ON articles(published_day NULLS FIRST, id);
CREATE INDEX quotes_article_position ON quotes(article_id, position);
