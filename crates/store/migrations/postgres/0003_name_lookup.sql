-- Case-insensitive name lookups (see the SQLite migration 0011).
CREATE INDEX entities_name_lower ON entities(lower(name));
CREATE INDEX aliases_alias_lower ON aliases(lower(alias));
