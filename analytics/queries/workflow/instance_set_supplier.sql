-- Purpose: assigns an instance to a supplier, or takes it back (inside the audited write transaction)
-- Params: instance_id, supplier_id (or null), updated_at
-- Returns: nothing
UPDATE workflow_instances SET supplier_id = $supplier_id, updated_at = $updated_at WHERE instance_id = $instance_id
