-- A typed surname is looked up on an index of each name's last word (see the SQLite
-- migration 0015).
CREATE INDEX entities_last_word ON entities(lower(substr(name, length(rtrim(name, replace(name, ' ', ''))) + 1)));
