-- whosaid store, schema version 4: whether an event is the main report of its sentence or
-- background (a relative or adverbial clause: "a letter handed over to the UN").

ALTER TABLE events ADD COLUMN background INTEGER NOT NULL DEFAULT 0;
