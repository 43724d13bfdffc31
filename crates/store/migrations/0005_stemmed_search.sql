-- Full-text search that finds "emails" for "email": the Porter stemmer over unicode61
-- (diacritics removed, as before). The FTS tables are external-content indexes of quotes
-- and articles, so they are rebuilt from those tables.
DROP TABLE quotes_fts;
CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild');
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
