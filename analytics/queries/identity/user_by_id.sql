-- Purpose: one user by id, with the password hash and lockout state
-- Params: id
-- Returns: every column of users; no row when unknown
SELECT * FROM users WHERE id = $id
