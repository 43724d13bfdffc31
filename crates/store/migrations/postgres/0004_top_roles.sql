-- Each canonical entity's three most stated roles (see the SQLite migration 0012).
CREATE TABLE entity_top_roles (
    entity_id BIGINT NOT NULL,
    rank BIGINT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (entity_id, rank)
);
UPDATE corpus_stats SET refreshed = NULL;
