-- Purpose: every user, for the admin page
-- Params: none
-- Returns: every column of users, by user name
SELECT * FROM users ORDER BY username
