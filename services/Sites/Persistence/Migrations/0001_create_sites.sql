-- Sites registry. Enums are stored as their proto numbers; risk inputs are kept so the
-- score can be recomputed from them whenever one moves.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE sites (
    site_id                 uuid PRIMARY KEY,
    name                    text NOT NULL,
    province_code           text NOT NULL,
    county                  text NOT NULL,
    category                smallint NOT NULL,
    protection_level        smallint NOT NULL,
    latitude                double precision NOT NULL,
    longitude               double precision NOT NULL,
    custodian_unit          text NOT NULL,
    responsible_person      text NOT NULL,
    responsible_phone       text NOT NULL,
    intrusion_alarm         boolean NOT NULL,
    cctv                    boolean NOT NULL,
    night_patrol            boolean NOT NULL,
    fire_protection         boolean NOT NULL,
    open_cases              integer NOT NULL DEFAULT 0,
    open_hazards_low        integer NOT NULL DEFAULT 0,
    open_hazards_medium     integer NOT NULL DEFAULT 0,
    open_hazards_high       integer NOT NULL DEFAULT 0,
    open_hazards_critical   integer NOT NULL DEFAULT 0,
    overdue_rectifications  integer NOT NULL DEFAULT 0,
    missing_facilities      integer NOT NULL,
    risk_score              integer NOT NULL,
    risk_level              smallint NOT NULL,
    last_inspected_at       timestamptz,
    version                 bigint NOT NULL,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    -- Idempotency of creates: the same caller repeating a request_id gets the first result.
    created_by              text NOT NULL,
    request_id              text,
    -- (longitude, latitude) for the GiST bounding-box search of SearchSitesNearby. A plain point
    -- GiST costs about a sixth of earthdistance's cube GiST on bulk import (measured: ~3 s vs ~20 s
    -- for 766k rows); exact distances are then computed for the few rows inside the box.
    location                point GENERATED ALWAYS AS (point(longitude, latitude)) STORED,
    CONSTRAINT sites_request_once UNIQUE (created_by, request_id)
);

-- Listing order is risk_score desc, then name, then id (for a stable keyset). The negated
-- score lets one row comparison "(-risk_score, name, site_id) > (...)" walk these indexes.
CREATE INDEX sites_rank ON sites ((-risk_score), name, site_id);
CREATE INDEX sites_province_rank ON sites (province_code, (-risk_score), name, site_id);
CREATE INDEX sites_protection_rank ON sites (protection_level, (-risk_score), name, site_id);
-- name_query: case-insensitive containment (ILIKE '%q%') served by trigrams.
CREATE INDEX sites_name_trgm ON sites USING gin (name gin_trgm_ops);
CREATE INDEX sites_location ON sites USING gist (location);

-- Exact counts per filter dimension, kept by statement-level triggers in the same transaction
-- as every write, so total_size of unfiltered-by-name listings is a sum of at most
-- 31 x 6 x 4 x 4 rows instead of a count over hundreds of thousands.
CREATE TABLE site_counts (
    province_code     text NOT NULL,
    category          smallint NOT NULL,
    protection_level  smallint NOT NULL,
    risk_level        smallint NOT NULL,
    site_count        bigint NOT NULL,
    PRIMARY KEY (province_code, category, protection_level, risk_level)
);

CREATE FUNCTION site_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO site_counts AS c (province_code, category, protection_level, risk_level, site_count)
        SELECT province_code, category, protection_level, risk_level, count(*)
        FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (province_code, category, protection_level, risk_level)
        DO UPDATE SET site_count = c.site_count + excluded.site_count;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO site_counts AS c (province_code, category, protection_level, risk_level, site_count)
        SELECT province_code, category, protection_level, risk_level, sum(delta)
        FROM (SELECT province_code, category, protection_level, risk_level, 1 AS delta FROM new_rows
              UNION ALL
              SELECT province_code, category, protection_level, risk_level, -1 FROM old_rows) d
        GROUP BY 1, 2, 3, 4 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3, 4
        ON CONFLICT (province_code, category, protection_level, risk_level)
        DO UPDATE SET site_count = c.site_count + excluded.site_count;
    ELSE
        INSERT INTO site_counts AS c (province_code, category, protection_level, risk_level, site_count)
        SELECT province_code, category, protection_level, risk_level, -count(*)
        FROM old_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (province_code, category, protection_level, risk_level)
        DO UPDATE SET site_count = c.site_count + excluded.site_count;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER site_counts_on_insert AFTER INSERT ON sites
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION site_counts_apply();
CREATE TRIGGER site_counts_on_update AFTER UPDATE ON sites
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION site_counts_apply();
CREATE TRIGGER site_counts_on_delete AFTER DELETE ON sites
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION site_counts_apply();
