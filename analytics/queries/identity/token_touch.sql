-- Purpose: records when an API token was last used
-- Params: id, last_used_at
-- Returns: nothing
UPDATE api_tokens SET last_used_at = $last_used_at WHERE id = $id
