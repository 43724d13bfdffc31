-- Versions of a quote and copied articles are corpus-wide comparisons: computed once at the
-- end of each ingest (Store::refresh_similar) and read from here by pages, the API and the
-- CLI with pagination, instead of a whole-corpus scan per request.
CREATE TABLE variant_groups (
    id INTEGER PRIMARY KEY,          -- rank: most sites, then most articles, then earliest
    speaker_id INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    sites INTEGER NOT NULL,
    body TEXT NOT NULL               -- the group as JSON (whosaid_store::VariantGroup)
);
CREATE INDEX variant_groups_articles ON variant_groups(articles);
-- every speaker some version of a group names, for the speaker filter
CREATE TABLE variant_speakers (
    group_id INTEGER NOT NULL REFERENCES variant_groups(id) ON DELETE CASCADE,
    speaker_id INTEGER NOT NULL
);
CREATE INDEX variant_speakers_speaker ON variant_speakers(speaker_id, group_id);
CREATE TABLE copy_pairs (
    id INTEGER PRIMARY KEY,          -- rank: most similar first
    similarity REAL NOT NULL,
    older_id INTEGER NOT NULL,
    newer_id INTEGER NOT NULL
);
CREATE INDEX copy_pairs_similarity ON copy_pairs(similarity);
-- what the stored comparisons were computed over; NULL: never computed
CREATE TABLE similar_state (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    articles INTEGER,                -- number of articles then
    last_article INTEGER             -- highest article id then
);
INSERT INTO similar_state (one, articles, last_article) VALUES (1, NULL, NULL);
