-- whosaid store, schema version 1. Documented in docs/store.md.

CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    url           TEXT UNIQUE,                 -- canonical URL, file:// path, or NULL
    content_hash  TEXT NOT NULL,               -- SHA-256 of the article text
    site          TEXT,
    title         TEXT,
    author        TEXT,
    published     TEXT,                        -- as found; ISO 8601 when the source gives it
    published_day TEXT,                        -- YYYY-MM-DD when it could be read
    text          TEXT NOT NULL,
    paragraphs    TEXT NOT NULL,               -- JSON array of [start, end] byte spans
    source        TEXT,                        -- where it was ingested from
    quote_count   INTEGER NOT NULL,            -- quotes written with it (crash-safety check)
    ingested_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE UNIQUE INDEX articles_hash_without_url ON articles(content_hash) WHERE url IS NULL;
CREATE INDEX articles_published ON articles(published_day);
CREATE INDEX articles_site ON articles(site);

-- One row per actor across the whole corpus.
CREATE TABLE entities (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,                -- person | organization | place
    key          TEXT NOT NULL UNIQUE,         -- kind + folded name: the identity across articles
    country      TEXT,                         -- ISO alpha-3 for countries
    female       INTEGER,                      -- 1 female, 0 male, NULL unknown (persons)
    canonical_id INTEGER REFERENCES entities(id) -- a bare surname linked to the full name
);
CREATE INDEX entities_canonical ON entities(canonical_id);

-- Every spelling seen for an entity, with the first and last article date.
CREATE TABLE aliases (
    entity_id  INTEGER NOT NULL REFERENCES entities(id),
    alias      TEXT NOT NULL,
    first_seen TEXT,
    last_seen  TEXT,
    PRIMARY KEY (entity_id, alias)
) WITHOUT ROWID;

CREATE TABLE mentions (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id  INTEGER NOT NULL REFERENCES entities(id),
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    kind       TEXT NOT NULL                   -- name | demonym
);
CREATE INDEX mentions_article ON mentions(article_id, entity_id);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE roles (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id  INTEGER NOT NULL REFERENCES entities(id),
    title      TEXT NOT NULL,
    of_entity  TEXT,
    qualifier  TEXT,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    seen_on    TEXT                            -- the article's publication day
);
CREATE INDEX roles_entity ON roles(entity_id);
CREATE INDEX roles_article ON roles(article_id, entity_id);

CREATE TABLE quotes (
    id                INTEGER PRIMARY KEY,
    article_id        INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,        -- order inside the article
    kind              TEXT NOT NULL,           -- direct | reported
    text              TEXT NOT NULL,
    content           TEXT NOT NULL,           -- JSON array of [start, end] byte spans
    start             INTEGER NOT NULL,
    end               INTEGER NOT NULL,
    cue               TEXT,
    cue_start         INTEGER,
    cue_end           INTEGER,
    speaker_name      TEXT,
    speaker_entity_id INTEGER REFERENCES entities(id),
    speaker_mention   TEXT,
    mention_start     INTEGER,
    mention_end       INTEGER,
    attribution       TEXT NOT NULL            -- cue | enclosing | continuation | none
);
CREATE INDEX quotes_article ON quotes(article_id, speaker_entity_id);
CREATE INDEX quotes_speaker ON quotes(speaker_entity_id);

CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
-- The FTS tables are filled by the writer once per batch (not by triggers: FTS5 flushes its
-- buffer at every statement savepoint, which made row triggers 5x slower).

CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2');

-- Speakers with their canonical identity (a bare surname counts for its full name).
CREATE VIEW speaker_quotes AS
    SELECT q.*, COALESCE(e.canonical_id, e.id) AS speaker_id
    FROM quotes q LEFT JOIN entities e ON e.id = q.speaker_entity_id;
