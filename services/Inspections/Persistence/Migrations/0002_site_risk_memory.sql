-- When an inspection went IN_PROGRESS: a completed inspection that started after a site's rise has visited it with
-- the rise in view (the RISK_TRIGGERED rule's follow-up). Inspections started before this column existed stay NULL.
ALTER TABLE inspections ADD COLUMN started_at timestamptz;

-- What Inspections has been told of each site's risk (SiteRiskChanged), kept so that a rise held back by an inspection
-- in progress can plan its RISK_TRIGGERED inspection when that inspection closes. Levels are relic.sites.v1.RiskLevel numbers.
CREATE TABLE site_risk (
    site_id           uuid PRIMARY KEY,
    province_code     text NOT NULL,
    level             smallint NOT NULL,
    level_changed_at  timestamptz NOT NULL,
    latest_rise_at    timestamptz,
    rise_owed         boolean NOT NULL
);

-- Closing an inspection looks only at its sites that owe a rise.
CREATE INDEX site_risk_owed ON site_risk (site_id) WHERE rise_owed;
