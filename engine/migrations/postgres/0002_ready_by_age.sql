-- Ready runs are claimed oldest first, so work already under way (released, woken, taken
-- over) is not starved by a backlog of new runs.
CREATE INDEX runs_ready_by_age ON runs (queue, created_at) WHERE status IN ('pending', 'waiting');
