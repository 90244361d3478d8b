-- Purpose: one version of the FSMA 204 traceability plan, or the current (latest) one when version is null
-- Params: version (or null)
-- Returns: version, record_procedures, ftl_identification, tlc_assignment, contact_name, contact_phone, contact_email, farm_maps, farm_maps_reference, notes, saved_by, saved_at, reason; no row when none is saved
SELECT
  version, record_procedures, ftl_identification, tlc_assignment, contact_name, contact_phone,
  contact_email, farm_maps, farm_maps_reference, notes, saved_by, saved_at, reason
FROM fsma_plan_versions
WHERE $version IS NULL OR version = $version
ORDER BY version DESC
LIMIT 1
