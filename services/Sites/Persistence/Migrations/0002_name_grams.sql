-- name_query by character grams instead of trigrams: Chinese names are searched with one or two
-- characters, which pg_trgm cannot use its index for (it needs three). The service writes the
-- grams of every name (NameGrams.Of: distinct lower-cased characters and character pairs).
ALTER TABLE sites ADD COLUMN name_grams text[] NOT NULL DEFAULT '{}';

UPDATE sites SET name_grams = ARRAY(
    SELECT DISTINCT g
    FROM (SELECT substr(lower(name), i, n) AS g
          FROM generate_series(1, length(name)) AS i, (VALUES (1), (2)) AS v(n)
          WHERE i + n - 1 <= length(name)) grams
    WHERE g !~ '\s');

CREATE INDEX sites_name_grams ON sites USING gin (name_grams);
DROP INDEX sites_name_trgm;
