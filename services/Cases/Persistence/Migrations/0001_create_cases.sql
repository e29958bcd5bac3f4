-- Cases, their history, relics and their custody, the case-number counters and the audit trail.
-- Enums are stored as their proto numbers. Every table is written by the role relic_cases_service
-- (see 0002), never by the owner that runs these migrations.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One row per lead province and (China) year. OpenCase increments it in the case's own transaction:
-- the row lock orders concurrent opens, and a rolled-back open gives its number back, so the
-- sequence has no gaps.
CREATE TABLE case_number_counters (
    province_code  text NOT NULL,
    year           integer NOT NULL,
    last_sequence  integer NOT NULL,
    PRIMARY KEY (province_code, year)
);

CREATE TABLE cases (
    case_id                       uuid PRIMARY KEY,
    case_number                   text NOT NULL UNIQUE,
    title                         text NOT NULL,
    case_type                     smallint NOT NULL,
    stage                         smallint NOT NULL,
    lead_province_code            text NOT NULL,
    participating_province_codes  text[] NOT NULL DEFAULT '{}',
    -- lead + participating, for "inside the province" filters through one GIN index.
    province_codes                text[] NOT NULL,
    lead_agency                   smallint NOT NULL,
    supervision                   smallint NOT NULL,
    site_ids                      text[] NOT NULL DEFAULT '{}',
    occurred_at                   timestamptz,
    summary                       text NOT NULL,
    suspects_detained             integer NOT NULL DEFAULT 0,
    judgment_effective_at         timestamptz,
    version                       bigint NOT NULL,
    created_at                    timestamptz NOT NULL,
    updated_at                    timestamptz NOT NULL,
    -- Idempotency of creates: the same caller repeating a request_id gets the first case.
    created_by                    text NOT NULL,
    request_id                    text,
    CONSTRAINT cases_request_once UNIQUE (created_by, request_id)
);

-- ListCases is newest first; keyset on (created_at, case_id).
CREATE INDEX cases_newest ON cases (created_at DESC, case_id DESC);
CREATE INDEX cases_provinces ON cases USING gin (province_codes);
CREATE INDEX cases_sites ON cases USING gin (site_ids);

CREATE TABLE case_history (
    case_id     uuid NOT NULL REFERENCES cases (case_id),
    position    integer NOT NULL,
    from_stage  smallint,
    to_stage    smallint NOT NULL,
    at          timestamptz NOT NULL,
    actor       text NOT NULL,
    note        text NOT NULL,
    PRIMARY KEY (case_id, position)
);

CREATE TABLE relics (
    relic_id                 uuid PRIMARY KEY,
    case_id                  uuid NOT NULL REFERENCES cases (case_id),
    object_type              text NOT NULL,
    title                    text NOT NULL,
    materials                text[] NOT NULL,
    techniques               text[] NOT NULL,
    height_cm                double precision NOT NULL,
    width_cm                 double precision NOT NULL,
    depth_cm                 double precision NOT NULL,
    diameter_cm              double precision NOT NULL,
    weight_kg                double precision NOT NULL,
    inscriptions_markings    text NOT NULL,
    period                   text NOT NULL,
    maker                    text NOT NULL,
    subject                  text NOT NULL,
    distinguishing_features  text NOT NULL,
    description              text NOT NULL,
    image_uris               text[] NOT NULL,
    inventory_number         text NOT NULL,
    place_of_origin          text NOT NULL,
    grade                    smallint NOT NULL,
    status                   smallint NOT NULL,
    current_holder           text NOT NULL,
    handover_due_at          timestamptz,
    version                  bigint NOT NULL,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL,
    created_by               text NOT NULL,
    request_id               text,
    -- MatchRelic: the searchable text (title, description, distinguishing features, inscriptions) lower-cased
    -- for pg_trgm, its terms (words, CJK bigrams, glossary concepts) for full text, and the normalized
    -- object type / materials / period the boosts compare. Written by the service (Matching/MatchText).
    match_text               text NOT NULL,
    match_terms              tsvector NOT NULL,
    match_type               text NOT NULL,
    match_materials          text[] NOT NULL,
    match_period             text NOT NULL,
    CONSTRAINT relics_request_once UNIQUE (created_by, request_id)
);

CREATE INDEX relics_case ON relics (case_id, created_at, relic_id);
CREATE INDEX relics_newest ON relics (created_at DESC, relic_id DESC);
CREATE INDEX relics_handover_due ON relics (handover_due_at) WHERE status <> 5 AND handover_due_at IS NOT NULL;
-- MatchRelic searches only the sought list (status STOLEN = 1).
CREATE INDEX relics_stolen_terms ON relics USING gin (match_terms) WHERE status = 1;
CREATE INDEX relics_stolen_trgm ON relics USING gin (match_text gin_trgm_ops) WHERE status = 1;

CREATE TABLE custody_events (
    relic_id  uuid NOT NULL REFERENCES relics (relic_id),
    position  integer NOT NULL,
    kind      smallint NOT NULL,
    holder    text NOT NULL,
    at        timestamptz NOT NULL,
    actor     text NOT NULL,
    note      text NOT NULL,
    PRIMARY KEY (relic_id, position)
);

-- Who read or wrote which case or relic. Append-only: see 0002 for the privileges and the guard trigger.
CREATE TABLE audit_entries (
    entry_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             timestamptz NOT NULL,
    actor          text NOT NULL,
    role           text NOT NULL,
    province_code  text NOT NULL,
    method         text NOT NULL,
    record_ids     text[] NOT NULL,
    outcome        text NOT NULL
);

CREATE INDEX audit_entries_at ON audit_entries (at, entry_id);
CREATE INDEX audit_entries_records ON audit_entries USING gin (record_ids);
CREATE INDEX audit_entries_actor ON audit_entries (actor, at, entry_id);
