-- The knowledge graph (product tables beside the engine's): nodes and edges with ids from
-- the facts' natural keys; properties are the fact as JSON text.
CREATE TABLE IF NOT EXISTS graph_nodes (
    id             TEXT PRIMARY KEY,
    label          TEXT NOT NULL,
    program        TEXT,
    properties     TEXT NOT NULL,
    effective_date TEXT,
    document       TEXT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS graph_nodes_label ON graph_nodes (label);
CREATE INDEX IF NOT EXISTS graph_nodes_program ON graph_nodes (program);

CREATE TABLE IF NOT EXISTS graph_edges (
    id             TEXT PRIMARY KEY,
    label          TEXT NOT NULL,
    from_id        TEXT NOT NULL,
    to_id          TEXT NOT NULL,
    properties     TEXT NOT NULL,
    effective_date TEXT,
    document       TEXT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS graph_edges_label ON graph_edges (label);
CREATE INDEX IF NOT EXISTS graph_edges_from ON graph_edges (from_id);
CREATE INDEX IF NOT EXISTS graph_edges_to ON graph_edges (to_id);
