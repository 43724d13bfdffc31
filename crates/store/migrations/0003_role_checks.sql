-- whosaid store, schema version 3: Wikidata ids and stated roles checked against the
-- office-holder record.

ALTER TABLE entities ADD COLUMN wikidata TEXT;
CREATE INDEX entities_wikidata ON entities(wikidata);

CREATE TABLE role_checks (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id  INTEGER NOT NULL REFERENCES entities(id),
    title      TEXT NOT NULL,
    of_entity  TEXT,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    checked_on TEXT,
    verdict    TEXT NOT NULL,                -- consistent | contradicted | not_checked
    reason     TEXT NOT NULL,
    evidence   TEXT NOT NULL                 -- JSON array of terms {person, wikidata, position, country, start, end}
);
CREATE INDEX role_checks_article ON role_checks(article_id);
CREATE INDEX role_checks_verdict ON role_checks(verdict);
