-- Risk inputs from other services' events, kept per record instead of as running counts: events may
-- arrive twice (under different message ids, e.g. after a re-drive) or out of order, and a count
-- rebuilt from "which records are open now" is the same whatever order they came in. The sites
-- table's risk factor columns are recomputed from these rows (Risk/RiskRecalculator).

-- A case counts as open for a site until CLOSED or DROPPED; case_version (the case's version after
-- the change the event reports) lets an older event arriving late lose to a newer one.
CREATE TABLE site_case_inputs (
    site_id       uuid NOT NULL,
    case_id       text NOT NULL,
    case_version  bigint NOT NULL,
    is_open       boolean NOT NULL,
    PRIMARY KEY (site_id, case_id)
);

-- A hazard (finding) is open from its recording until a rectification of it is verified as passed.
-- Any event about the finding proves it exists, and closing is final, so "closed" only ever turns true.
CREATE TABLE site_hazard_inputs (
    finding_id  text PRIMARY KEY,
    site_id     uuid NOT NULL,
    severity    smallint NOT NULL,
    closed      boolean NOT NULL
);
CREATE INDEX site_hazard_inputs_site ON site_hazard_inputs (site_id) WHERE NOT closed;

-- A rectification order counts while its latest known state is OVERDUE.
CREATE TABLE site_order_inputs (
    order_id       text PRIMARY KEY,
    site_id        uuid NOT NULL,
    order_version  bigint NOT NULL,
    overdue        boolean NOT NULL
);
CREATE INDEX site_order_inputs_site ON site_order_inputs (site_id) WHERE overdue;

-- Completed inspections of a site: last_inspected_at is the latest of them, whatever order they came in.
CREATE TABLE site_inspection_inputs (
    site_id        uuid NOT NULL,
    inspection_id  text NOT NULL,
    completed_at   timestamptz NOT NULL,
    PRIMARY KEY (site_id, inspection_id)
);

-- Sites whose inputs moved and whose risk is not recomputed yet. Plain appends (no upsert, no lock on
-- the site row) so that consumers applying many events in one transaction never deadlock on sites;
-- the recalculator then locks one site per transaction.
CREATE TABLE site_risk_pending (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id  uuid NOT NULL,
    reason   text NOT NULL
);
CREATE INDEX site_risk_pending_site ON site_risk_pending (site_id, id);
