-- A speaker or "about" filter looks its name up among entity names and spellings without
-- regard to case (Store::entity_ids); without these indexes each lookup read both tables.
CREATE INDEX entities_name_nocase ON entities(name COLLATE NOCASE);
CREATE INDEX aliases_alias_nocase ON aliases(alias COLLATE NOCASE);
