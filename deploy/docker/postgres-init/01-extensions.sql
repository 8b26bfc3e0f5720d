-- Run once by the postgres image's entrypoint, on first start with an empty
-- data volume, as the superuser, in POSTGRES_DB (socialprogrammes).
-- The services' migrations rely on these being present in the database.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
CREATE EXTENSION IF NOT EXISTS unaccent;
