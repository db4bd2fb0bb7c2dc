-- The passage index: FTS5 with the porter stemmer over section and text. Programs are
-- kept as `|a|b|` so a filter matches a whole program id.
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5 (
    passage_id UNINDEXED,
    document UNINDEXED,
    document_name UNINDEXED,
    page UNINDEXED,
    section,
    text,
    programs UNINDEXED,
    tokenize = 'porter unicode61'
);
