-- The documents ingested, by content hash: one row per distinct document, whatever its name.
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    size BIGINT NOT NULL,
    object_key TEXT NOT NULL,
    run_id TEXT NOT NULL,
    kind TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    facts_extracted BIGINT NOT NULL DEFAULT 0,
    facts_loaded BIGINT NOT NULL DEFAULT 0,
    facts_held BIGINT NOT NULL DEFAULT 0,
    facts_rejected BIGINT NOT NULL DEFAULT 0,
    awaiting_approval BIGINT NOT NULL DEFAULT 0,
    held TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS documents_by_age ON documents (created_at DESC, id);
