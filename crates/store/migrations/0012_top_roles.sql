-- Each canonical entity's three most stated roles, kept with the other aggregates
-- (Store::refresh_stats) instead of counted over all its roles for every speaker shown.
CREATE TABLE entity_top_roles (
    entity_id INTEGER NOT NULL,
    rank INTEGER NOT NULL,           -- 1: most stated
    role TEXT NOT NULL,              -- "title" or "title of place"
    PRIMARY KEY (entity_id, rank)
);
-- the aggregates are refreshed when the store is next opened
UPDATE corpus_stats SET refreshed = NULL;
