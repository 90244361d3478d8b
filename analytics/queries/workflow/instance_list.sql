-- Purpose: workflow instances, newest first, filtered by workflow, status, subject and supplier
-- Params: workflow_key, status, subject, supplier_id (each or null: any)
-- Returns: instance_id, workflow_key, version, title, subject, supplier_id, state, status, started_by, started_at, updated_at, ended_at
SELECT instance_id, workflow_key, version, title, subject, supplier_id, state, status, started_by, started_at, updated_at, ended_at
FROM workflow_instances
WHERE ($workflow_key IS NULL OR workflow_key = $workflow_key)
  AND ($status IS NULL OR status = $status)
  AND ($subject IS NULL OR subject = $subject)
  AND ($supplier_id IS NULL OR supplier_id = $supplier_id)
ORDER BY started_at DESC, instance_id DESC
LIMIT 1000
