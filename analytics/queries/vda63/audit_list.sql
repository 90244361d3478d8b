-- Purpose: process audits, planned date first, filtered by programme, supplier and status, with answers counted and the grade of completed ones
-- Params: programme_id (or null), supplier_id (or null: every audit), status (or null)
-- Returns: audit_id, programme_id, title, supplier_id, process, catalogue_key, catalogue_version, planned_on, lead_auditor, status, started_at, completed_at, answers, grade, overall, open_actions
SELECT
  a.audit_id, a.programme_id, a.title, a.supplier_id, a.process, a.catalogue_key, a.catalogue_version,
  a.planned_on, a.lead_auditor, a.status, a.started_at, a.completed_at,
  (SELECT count(*) FROM vda63_answers x WHERE x.audit_id = a.audit_id) AS answers,
  json_extract_string(a.result, '$.grade') AS grade,
  CAST(json_extract(a.result, '$.overall.percent') AS DOUBLE) AS overall,
  (SELECT count(*) FROM vda63_actions c JOIN workflow_instances i ON i.instance_id = c.action_id
    WHERE c.audit_id = a.audit_id AND i.status = 'open') AS open_actions
FROM vda63_audits a
WHERE ($programme_id IS NULL OR a.programme_id = $programme_id)
  AND ($supplier_id IS NULL OR a.supplier_id = $supplier_id)
  AND ($status IS NULL OR a.status = $status)
ORDER BY a.planned_on, a.year, a.seq
