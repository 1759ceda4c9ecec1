// Accounts, sessions and the audit log. Usernames are stored lower-case so uniqueness ignores case; a session
// row holds only the sha256 of its token, never the token; no client address is stored anywhere.
export const migration002 = {
  version: 2,
  name: "accounts",
  sql: `
CREATE TABLE users (
  id VARCHAR PRIMARY KEY,                 -- UUID
  username VARCHAR NOT NULL UNIQUE,       -- lower-case
  password_hash VARCHAR NOT NULL,         -- scrypt$N$r$p$salt$hash
  role VARCHAR NOT NULL,                  -- admin | analyst | leader | handler
  scope_unit_id VARCHAR NOT NULL,         -- the user sees this unit and its subtree
  disabled BOOLEAN NOT NULL DEFAULT false,
  created_at TIMESTAMP NOT NULL,
  password_changed_at TIMESTAMP NOT NULL
);
CREATE TABLE sessions (
  id_hash VARCHAR PRIMARY KEY,            -- sha256 (hex) of the cookie's random token
  user_id VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  last_seen_at TIMESTAMP NOT NULL,
  absolute_expires_at TIMESTAMP NOT NULL
);
CREATE SEQUENCE audit_seq START 1;
-- Append-only from the application: no code path updates or deletes a row.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
  "at" TIMESTAMP NOT NULL,         -- quoted: AT is a keyword in DuckDB
  actor VARCHAR,
  action VARCHAR NOT NULL,
  target VARCHAR,
  detail JSON
);
`,
};
