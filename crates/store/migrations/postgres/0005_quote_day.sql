-- Each quote carries its article's publication day, and each canonical speaker's quotes
-- per month are kept; events are read by article and position (see the SQLite
-- migration 0013).
ALTER TABLE quotes ADD COLUMN published_day TEXT COLLATE "C";
UPDATE quotes q SET published_day = a.published_day FROM articles a WHERE a.id = q.article_id;
CREATE INDEX quotes_speaker_day ON quotes(speaker_entity_id, published_day NULLS FIRST, article_id, position);
DROP INDEX quotes_speaker;
CREATE TABLE speaker_months (
    entity_id BIGINT NOT NULL,
    month TEXT NOT NULL,
    quotes BIGINT NOT NULL,
    PRIMARY KEY (entity_id, month)
);
CREATE INDEX events_article_position ON events(article_id, position);
DROP INDEX events_article;
CREATE INDEX articles_site_day ON articles(lower(site), published_day DESC NULLS LAST, id DESC);
DROP INDEX mentions_article;
CREATE INDEX mentions_article_span ON mentions(article_id, start, "end", entity_id);
UPDATE corpus_stats SET refreshed = NULL;
