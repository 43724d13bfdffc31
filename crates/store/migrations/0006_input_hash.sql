-- The SHA-256 of the input a stored article was made from (its bytes and what came beside
-- them), so that re-ingesting an unchanged input skips its analysis.
ALTER TABLE articles ADD COLUMN input_hash TEXT;
CREATE INDEX articles_input_hash ON articles(input_hash);
