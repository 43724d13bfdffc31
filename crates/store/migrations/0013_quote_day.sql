-- Each quote carries its article's publication day (articles are never re-dated: a new
-- version is a new row), so that a speaker's quotes are read in list order from one index
-- instead of sorting all of them per request; and each canonical speaker's quotes per
-- month are kept with the other aggregates (Store::refresh_stats) for the timeline.
ALTER TABLE quotes ADD COLUMN published_day TEXT;
UPDATE quotes SET published_day = (SELECT a.published_day FROM articles a WHERE a.id = quotes.article_id);
CREATE INDEX quotes_speaker_day ON quotes(speaker_entity_id, published_day, article_id, position);
DROP INDEX quotes_speaker;
CREATE TABLE speaker_months (
    entity_id INTEGER NOT NULL,      -- canonical entity
    month TEXT NOT NULL,             -- YYYY-MM
    quotes INTEGER NOT NULL,
    PRIMARY KEY (entity_id, month)
);
-- the event list walks articles by day and each article's events in order
CREATE INDEX events_article_position ON events(article_id, position);
DROP INDEX events_article;
-- a site's articles, newest first, from one index
CREATE INDEX articles_site_day ON articles(site COLLATE NOCASE, published_day, id);
-- the entities named inside a quote are a range of their article's mentions by position
DROP INDEX mentions_article;
CREATE INDEX mentions_article_span ON mentions(article_id, start, "end", entity_id);
-- the aggregates are refreshed when the store is next opened
UPDATE corpus_stats SET refreshed = NULL;
