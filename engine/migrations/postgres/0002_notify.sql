-- Wake-ups across processes: idle workers LISTEN on maximizer_ready, waiting clients on
-- maximizer_finished (payload: the run id). NOTIFY is delivered at commit, so nobody
-- wakes for work that is not yet visible.
CREATE FUNCTION maximizer_notify_run() RETURNS trigger AS $$
BEGIN
    IF NEW.status IN ('pending', 'waiting') AND NEW.wake_at IS NOT NULL THEN
        PERFORM pg_notify('maximizer_ready', '');
    ELSIF NEW.status IN ('completed', 'failed', 'cancelled')
          AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM NEW.status) THEN
        PERFORM pg_notify('maximizer_finished', NEW.id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER runs_notify
    AFTER INSERT OR UPDATE OF status, wake_at ON runs
    FOR EACH ROW EXECUTE FUNCTION maximizer_notify_run();
