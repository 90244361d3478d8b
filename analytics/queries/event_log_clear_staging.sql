-- Purpose: empty the staging table before a batch
-- Params: none
-- Returns: nothing
DELETE FROM ingest_staging
