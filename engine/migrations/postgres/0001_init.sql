-- Runs: one row per workflow run. Times are milliseconds since the Unix epoch.
CREATE TABLE runs (
    id               TEXT PRIMARY KEY,
    workflow         TEXT NOT NULL,
    status           TEXT NOT NULL,
    queue            TEXT NOT NULL DEFAULT 'default',
    input            TEXT NOT NULL,
    output           TEXT,
    error            TEXT,
    parent_id        TEXT,
    parent_position  TEXT,
    owner_id         TEXT,
    -- Incremented by every claim: commits name it, so an execution whose run was claimed
    -- again (after its lease expired) can no longer write.
    lease_seq        BIGINT NOT NULL DEFAULT 0,
    -- When a pending or waiting run becomes ready; NULL while it waits for a signal or child.
    wake_at          BIGINT,
    -- Bumped by every external wake-up (signal, child result, cancel), so a run that
    -- suspends can tell whether it missed one.
    wake_gen         BIGINT NOT NULL DEFAULT 0,
    cancel_requested BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX runs_ready ON runs (queue, wake_at) WHERE status IN ('pending', 'waiting');
CREATE INDEX runs_owner ON runs (owner_id) WHERE owner_id IS NOT NULL;
CREATE INDEX runs_status_created ON runs (status, created_at);
CREATE INDEX runs_workflow_created ON runs (workflow, created_at);
CREATE INDEX runs_created ON runs (created_at, id);
CREATE INDEX runs_parent ON runs (parent_id) WHERE parent_id IS NOT NULL;

-- Events: the append-only history of every run; the journal replays from it.
CREATE TABLE events (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id    TEXT NOT NULL,
    kind      TEXT NOT NULL,
    position  TEXT,
    step      TEXT,
    attempt   BIGINT,
    at        BIGINT NOT NULL,
    detail    TEXT NOT NULL
);
CREATE INDEX events_run ON events (run_id, id);

-- Signals sent to runs; kept until the workflow consumes them, so none is lost.
CREATE TABLE signals (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id      TEXT NOT NULL,
    name        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    sent_at     BIGINT NOT NULL,
    consumed_at BIGINT
);
CREATE INDEX signals_pending ON signals (run_id, name, id) WHERE consumed_at IS NULL;

-- Worker processes and their heartbeats: a run's lease is its owner's heartbeat.
CREATE TABLE workers (
    id           TEXT PRIMARY KEY,
    hostname     TEXT NOT NULL,
    pid          BIGINT NOT NULL,
    queues       TEXT NOT NULL,
    started_at   BIGINT NOT NULL,
    heartbeat_at BIGINT NOT NULL
);

-- Cron schedules that start runs.
CREATE TABLE schedules (
    id           TEXT PRIMARY KEY,
    cron         TEXT NOT NULL,
    workflow     TEXT NOT NULL,
    input        TEXT NOT NULL,
    overlap      TEXT NOT NULL,
    paused       BOOLEAN NOT NULL DEFAULT FALSE,
    next_fire_at BIGINT NOT NULL,
    last_run_id  TEXT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
