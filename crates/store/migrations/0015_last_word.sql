-- A typed surname ("Clinton") stands for the persons whose name ends in it (Bill Clinton,
-- Hillary Clinton): looked up on an index of each name's last word (what follows its last
-- space), where a `LIKE '% Clinton'` read every entity per request. The expression is the
-- one `Store::entity_ids` writes (query/entities.rs: LAST_WORD).
CREATE INDEX entities_last_word ON entities(substr(name, length(rtrim(name, replace(name, ' ', ''))) + 1) COLLATE NOCASE);
