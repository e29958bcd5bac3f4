-- Inspections, their findings (hidden hazards) and rectification orders. Enums are stored as their
-- proto numbers (the domain enums share them); every record carries a version for expected_version.
CREATE TABLE inspections (
    inspection_id              uuid PRIMARY KEY,
    title                      text NOT NULL,
    province_code              text NOT NULL,
    lead_department            smallint NOT NULL,
    participating_departments  smallint[] NOT NULL,
    site_ids                   uuid[] NOT NULL,
    window_start               timestamptz NOT NULL,
    window_end                 timestamptz NOT NULL,
    state                      smallint NOT NULL,
    origin                     smallint NOT NULL,
    version                    bigint NOT NULL,
    created_at                 timestamptz NOT NULL,
    updated_at                 timestamptz NOT NULL,
    -- Idempotency of PlanInspection: the same caller repeating a request_id gets the first result.
    created_by                 text NOT NULL,
    request_id                 text,
    CONSTRAINT inspections_request_once UNIQUE (created_by, request_id)
);

-- ListInspections is newest first; the keyset is (created_at, inspection_id) descending.
CREATE INDEX inspections_newest ON inspections (created_at DESC, inspection_id DESC);
CREATE INDEX inspections_province_newest ON inspections (province_code, created_at DESC, inspection_id DESC);
-- site_id filter, and the RISK_TRIGGERED rule's "is one already PLANNED or IN_PROGRESS for this site".
CREATE INDEX inspections_sites ON inspections USING gin (site_ids);

CREATE TABLE findings (
    finding_id      uuid PRIMARY KEY,
    inspection_id   uuid NOT NULL REFERENCES inspections (inspection_id),
    site_id         uuid NOT NULL,
    province_code   text NOT NULL,
    category        smallint NOT NULL,
    severity        smallint NOT NULL,
    description     text NOT NULL,
    recorded_at     timestamptz NOT NULL,
    recorded_by     text NOT NULL,
    request_id      text,
    CONSTRAINT findings_request_once UNIQUE (recorded_by, request_id)
);

CREATE INDEX findings_of_inspection ON findings (inspection_id, recorded_at, finding_id);

CREATE TABLE rectification_orders (
    order_id          uuid PRIMARY KEY,
    finding_id        uuid NOT NULL REFERENCES findings (finding_id),
    site_id           uuid NOT NULL,
    province_code     text NOT NULL,
    severity          smallint NOT NULL,
    responsible_unit  text NOT NULL,
    deadline          timestamptz NOT NULL,
    state             smallint NOT NULL,
    verified_at       timestamptz,
    note              text NOT NULL DEFAULT '',
    version           bigint NOT NULL,
    issued_at         timestamptz NOT NULL,
    overdue_at        timestamptz,
    issued_by         text NOT NULL,
    request_id        text,
    CONSTRAINT orders_request_once UNIQUE (issued_by, request_id)
);

-- At most one active (OPEN = 1 or OVERDUE = 3) order per finding, whatever races the application loses.
CREATE UNIQUE INDEX orders_one_active_per_finding ON rectification_orders (finding_id) WHERE state IN (1, 3);
-- The overdue scan reads only OPEN orders by deadline.
CREATE INDEX orders_open_by_deadline ON rectification_orders (deadline) WHERE state = 1;
-- ListRectifications is soonest deadline first; keyset (deadline, order_id).
CREATE INDEX orders_by_deadline ON rectification_orders (deadline, order_id);
CREATE INDEX orders_province_by_deadline ON rectification_orders (province_code, deadline, order_id);
CREATE INDEX orders_site ON rectification_orders (site_id, deadline, order_id);
