-- The passage index: English full-text search over section (weight A) and text (B).
CREATE TABLE IF NOT EXISTS passages (
    id            TEXT PRIMARY KEY,
    document      TEXT NOT NULL,
    document_name TEXT NOT NULL,
    page          INTEGER NOT NULL,
    section       TEXT NOT NULL,
    text          TEXT NOT NULL,
    programs      TEXT[] NOT NULL,
    search        TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', section), 'A') ||
        setweight(to_tsvector('english', text), 'B')
    ) STORED
);
CREATE INDEX IF NOT EXISTS passages_search ON passages USING GIN (search);
CREATE INDEX IF NOT EXISTS passages_document ON passages (document);
CREATE INDEX IF NOT EXISTS passages_programs ON passages USING GIN (programs);
