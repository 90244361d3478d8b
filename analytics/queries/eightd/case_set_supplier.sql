-- Purpose: assigns an 8D case to a supplier, or takes it back (inside the audited write transaction)
-- Params: case_id, supplier_id (or null)
-- Returns: nothing
UPDATE eightd_cases SET supplier_id = $supplier_id WHERE case_id = $case_id
