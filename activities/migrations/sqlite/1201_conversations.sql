-- Conversations and their turns. A conversation belongs to the user who started it; each
-- turn is saved once, by the run that answered it.
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS conversation_turns (
    conversation_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    run_id TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL,
    reply TEXT NOT NULL,
    turn TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);
