-- The same article text read from another input of the same publication (an .html page
-- and its .txt copy, a local file of a web page): one article with several sources, not a
-- second article whose quotes all count twice.
CREATE TABLE article_sources (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    url TEXT,
    source TEXT,
    input_hash TEXT
);
CREATE UNIQUE INDEX article_sources_unique ON article_sources(article_id, COALESCE(url, ''), COALESCE(source, ''));
CREATE INDEX article_sources_input_hash ON article_sources(input_hash);
