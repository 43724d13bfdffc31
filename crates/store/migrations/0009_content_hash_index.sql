-- Writing an article looks for a stored one with the same text (article_sources, schema 8)
-- by content hash alone; the only index on it was partial (articles without URL), so each
-- write scanned the whole table.
CREATE INDEX articles_content_hash ON articles(content_hash);
