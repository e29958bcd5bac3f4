-- SearchSitesNearby runs on an in-memory index of every site's position in each service instance
-- (Nearby/SiteLocationIndex). Each instance keeps it current by reading the rows changed since its last
-- read; this column says which transaction last wrote a row, so "changed since" has an exact meaning
-- even when transactions commit in another order than they started (see Nearby/SiteLocationFeed).
--
-- Inserts take the default (no trigger on the bulk-import path); every UPDATE, whichever statement
-- runs it, is stamped by the trigger, so no future writer can forget it.
ALTER TABLE sites ADD COLUMN written_by_xact xid8 NOT NULL DEFAULT pg_current_xact_id();

CREATE FUNCTION sites_stamp_writer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.written_by_xact := pg_current_xact_id();
    RETURN NEW;
END
$$;

CREATE TRIGGER sites_stamp_writer BEFORE UPDATE ON sites FOR EACH ROW EXECUTE FUNCTION sites_stamp_writer();

CREATE INDEX sites_written_by_xact ON sites (written_by_xact);
