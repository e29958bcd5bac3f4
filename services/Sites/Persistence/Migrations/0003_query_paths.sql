-- Query paths measured with bench/Sites (766,722 sites, 32 concurrent callers).

-- ListSites filtered by province and category (the common provincial dashboard query): an ordered
-- range scan that stops after one page. With only the province index the scan had to skip every
-- site of the other categories (9,000+ rows for a rare category in a large province).
CREATE INDEX sites_province_category_rank ON sites (province_code, category, (-risk_score), name, site_id);

-- SearchSitesNearby: the box search reads everything it needs from the index (index-only scan:
-- position, id and the optional filters), so the thousands of candidates of a dense area cost no
-- heap visits; only the page's rows are read from the table.
DROP INDEX sites_location;
CREATE INDEX sites_location ON sites USING gist (location) INCLUDE (site_id, category, risk_score);

-- name_query: grams scoped by province ("330000:石窟", NameGrams.Indexed), so a query with a province
-- reads only that province's matches from the index instead of the whole country's. Without a
-- province, ListSites asks each province: name_grams @> site_name_grams_in('110000', $1) OR ...
CREATE FUNCTION site_name_grams_in(province text, grams text[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN ARRAY(SELECT province || ':' || g FROM unnest(grams) AS g);

UPDATE sites SET name_grams = site_name_grams_in(province_code, name_grams) WHERE cardinality(name_grams) > 0;
