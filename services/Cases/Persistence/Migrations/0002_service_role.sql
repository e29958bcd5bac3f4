-- The service reads and writes as relic_cases_service, a role without login that the connecting user switches
-- to for every session (connection option "-c role=relic_cases_service", see CasesDatabase). It owns nothing,
-- so it cannot alter tables or lift its own restrictions, and on audit_entries it may only SELECT and INSERT:
-- an UPDATE, DELETE or TRUNCATE through the service fails with "permission denied". The owner (who runs these
-- migrations) is stopped by the guard trigger below as well, so a correction is a new entry, never an edit.
DO $$
BEGIN
    CREATE ROLE relic_cases_service NOLOGIN;
EXCEPTION
    -- Roles are per cluster: another Cases database on this server (or a concurrent migration) made it first.
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

-- The connecting user must be a member to switch to it (a superuser is implicitly).
DO $$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT relic_cases_service TO %I', current_user);
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO relic_cases_service;
GRANT SELECT, INSERT, UPDATE ON case_number_counters, cases, relics TO relic_cases_service;
GRANT SELECT, INSERT ON case_history, custody_events TO relic_cases_service;
GRANT SELECT, INSERT ON audit_entries TO relic_cases_service;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries FROM relic_cases_service;

CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_entries is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_entries_no_update BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
