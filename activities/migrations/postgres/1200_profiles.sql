-- Travellers' profiles: one JSON document per user (programs, home airport, preferences).
CREATE TABLE IF NOT EXISTS profiles (
    user_id TEXT PRIMARY KEY,
    profile TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
