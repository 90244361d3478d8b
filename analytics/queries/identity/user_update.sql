-- Purpose: writes a user's changeable columns (the service merges the change and audits it)
-- Params: id, display_name, role, supplier_id, password_hash, disabled, failed_logins, locked_until, last_login_at, updated_at
-- Returns: nothing
UPDATE users
SET
  display_name = $display_name,
  role = $role,
  supplier_id = $supplier_id,
  password_hash = $password_hash,
  disabled = $disabled,
  failed_logins = $failed_logins,
  locked_until = $locked_until,
  last_login_at = $last_login_at,
  updated_at = $updated_at
WHERE id = $id
