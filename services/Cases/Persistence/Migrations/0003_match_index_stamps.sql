-- MatchRelic searches an in-memory index of the sought list in each service instance (Matching/SoughtRelicIndex).
-- Each instance keeps it current by reading the relics and cases changed since its last read; this column says
-- which transaction last wrote a row, so "changed since" has an exact meaning even when transactions commit in
-- another order than they started (the same scheme as the Sites service's nearby index; see
-- Matching/SoughtRelicIndexUpdater). Inserts take the default; every UPDATE, whichever statement runs it, is
-- stamped by the trigger, so no future writer can forget it.
ALTER TABLE relics ADD COLUMN written_by_xact xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE cases ADD COLUMN written_by_xact xid8 NOT NULL DEFAULT pg_current_xact_id();

CREATE FUNCTION stamp_writer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.written_by_xact := pg_current_xact_id();
    RETURN NEW;
END
$$;

CREATE TRIGGER relics_stamp_writer BEFORE UPDATE ON relics FOR EACH ROW EXECUTE FUNCTION stamp_writer();
CREATE TRIGGER cases_stamp_writer BEFORE UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION stamp_writer();

CREATE INDEX relics_written_by_xact ON relics (written_by_xact);
CREATE INDEX cases_written_by_xact ON cases (written_by_xact);
