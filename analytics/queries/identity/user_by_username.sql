-- Purpose: one user by user name (sign-in), with the password hash and lockout state
-- Params: username (lower case)
-- Returns: every column of users; no row when unknown
SELECT * FROM users WHERE username = $username
