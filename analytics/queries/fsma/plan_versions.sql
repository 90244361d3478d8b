-- Purpose: every version of the FSMA 204 traceability plan, newest first
-- Params: none
-- Returns: version, record_procedures, ftl_identification, tlc_assignment, contact_name, contact_phone, contact_email, farm_maps, farm_maps_reference, notes, saved_by, saved_at, reason
SELECT
  version, record_procedures, ftl_identification, tlc_assignment, contact_name, contact_phone,
  contact_email, farm_maps, farm_maps_reference, notes, saved_by, saved_at, reason
FROM fsma_plan_versions
ORDER BY version DESC
