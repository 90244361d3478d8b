-- Purpose: the enabled users a notice reaches: one user, or every user of a role (of one supplier, for supplier users)
-- Params: user_id (or null), role (or null), supplier_id (or null)
-- Returns: id, username, role
SELECT id, username, role FROM users
WHERE NOT disabled
  AND (id = $user_id OR (role = $role AND (($supplier_id IS NULL AND supplier_id IS NULL) OR supplier_id = $supplier_id)))
ORDER BY username
