-- whosaid store, schema version 2: events between actors (PLOVER types).

CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL,               -- PLOVER type: CONSULT, DEMAND, REJECT …
    trigger     TEXT NOT NULL,
    start       INTEGER NOT NULL,            -- trigger span in articles.text
    end         INTEGER NOT NULL,
    sentence    TEXT NOT NULL,
    status      TEXT NOT NULL,               -- happened | scheduled | negated
    date_text   TEXT,
    date_value  TEXT,                        -- 2022-02-01, 2021-12, 2014, or start/end of a week
    place       TEXT,
    source      TEXT NOT NULL,               -- JSON array of actors {text, code, sector, entity}
    target      TEXT NOT NULL
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_kind ON events(kind);

-- Which corpus-wide entities take part in an event, and how.
CREATE TABLE event_actors (
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role      TEXT NOT NULL,                 -- source | target
    entity_id INTEGER REFERENCES entities(id),
    code      TEXT,
    sector    TEXT
);
CREATE INDEX event_actors_event ON event_actors(event_id);
CREATE INDEX event_actors_entity ON event_actors(entity_id);
