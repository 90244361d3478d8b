-- Users, browser sessions and API tokens. Secrets are never stored: passwords as scrypt hashes,
-- session ids and token secrets as SHA-256 digests. Every change is audited by the caller in the
-- same transaction (api/auth/identity.service.ts). Times are ISO 8601 UTC strings.
CREATE TABLE IF NOT EXISTS users (
  id VARCHAR PRIMARY KEY,
  username VARCHAR NOT NULL UNIQUE,        -- lower case, as typed at sign-in
  display_name VARCHAR NOT NULL,
  role VARCHAR NOT NULL,                   -- domain/roles.ts
  supplier_id VARCHAR,                     -- the Supplier a supplier user belongs to
  password_hash VARCHAR NOT NULL,          -- scrypt$N$r$p$salt$hash
  disabled BOOLEAN NOT NULL,
  failed_logins INTEGER NOT NULL,          -- consecutive failures since the last success
  locked_until VARCHAR,                    -- sign-in refused until then
  last_login_at VARCHAR,
  created_at VARCHAR NOT NULL,
  updated_at VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS sessions (
  id_hash VARCHAR PRIMARY KEY,             -- SHA-256 of the cookie's session id
  user_id VARCHAR NOT NULL,
  csrf_token VARCHAR NOT NULL,             -- sent back in X-CSRF-Token on state changes
  created_at VARCHAR NOT NULL,
  expires_at VARCHAR NOT NULL,             -- absolute end of the session
  last_seen_at VARCHAR NOT NULL            -- for the idle timeout
);

CREATE TABLE IF NOT EXISTS api_tokens (
  id VARCHAR PRIMARY KEY,
  user_id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  prefix VARCHAR NOT NULL,                 -- the first characters, to recognise a token in lists
  secret_hash VARCHAR NOT NULL UNIQUE,     -- SHA-256 of the whole secret
  created_at VARCHAR NOT NULL,
  created_by VARCHAR NOT NULL,
  expires_at VARCHAR,
  last_used_at VARCHAR,
  revoked_at VARCHAR
);
