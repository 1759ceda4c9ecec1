// Unit links (a short code per wave and unit for printed QR sheets) and single-use invitation tokens. Tokens are
// kept as hashes with a used flag only: no time of use, no response id, nothing a response could be joined on.
export const migration006 = {
  version: 6,
  name: "unit_links",
  sql: `
CREATE TABLE unit_links (
  code VARCHAR PRIMARY KEY,          -- random, from an unambiguous alphabet; not derived from the ids
  wave_id VARCHAR NOT NULL,
  unit_id VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  UNIQUE (wave_id, unit_id)
);
CREATE TABLE invitation_tokens (
  token_hash VARCHAR PRIMARY KEY,    -- hex sha256 of the token printed on one slip
  wave_id VARCHAR NOT NULL,
  unit_id VARCHAR NOT NULL,
  used BOOLEAN NOT NULL DEFAULT false
);
`,
};
