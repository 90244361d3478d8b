-- Purpose: every version of every VDA 6.3 catalogue, with how many audits answer it
-- Params: (none)
-- Returns: catalogue_key, version, title, catalogue (JSON text), created_by, created_at, note, audits
SELECT
  c.catalogue_key, c.version, c.title, c.catalogue::VARCHAR AS catalogue, c.created_by, c.created_at, c.note,
  (SELECT count(*) FROM vda63_audits a
    WHERE a.catalogue_key = c.catalogue_key AND a.catalogue_version = c.version) AS audits
FROM vda63_catalogues c
ORDER BY c.catalogue_key, c.version DESC
