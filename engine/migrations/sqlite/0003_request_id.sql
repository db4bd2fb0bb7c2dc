-- The X-Request-Id of the HTTP request that started a run (inherited by its children), so
-- that the worker executing it, in any process, logs it with the run's lines.
ALTER TABLE runs ADD COLUMN request_id TEXT;
