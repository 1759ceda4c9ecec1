// Reorganisations: units renamed, moved and merged between rounds. A merged unit is kept (retired) for history, and
// unit_map sends its responses to the unit that carries it now, so trends continue; unit_changes lists what changed
// when (the dashboard marks it on trends); wave_units keeps each round's organisation as it was.
export const migration005 = {
  version: 5,
  name: "reorganisation",
  sql: `
ALTER TABLE units ADD COLUMN retired_at TIMESTAMP;
CREATE SEQUENCE unit_change_seq START 1;
CREATE TABLE unit_changes (
  seq BIGINT PRIMARY KEY DEFAULT nextval('unit_change_seq'),
  "at" TIMESTAMP NOT NULL,
  kind VARCHAR NOT NULL,          -- rename | move | merge
  unit_id VARCHAR NOT NULL,
  into_unit_id VARCHAR,           -- merge: the unit that carries it on; move: the new parent
  detail JSON
);
CREATE TABLE unit_map (
  old_unit_id VARCHAR PRIMARY KEY, -- a merged (retired) unit
  unit_id VARCHAR NOT NULL         -- the live unit its responses count for now
);
CREATE TABLE wave_units (
  wave_id VARCHAR NOT NULL,
  unit_id VARCHAR NOT NULL,
  parent_id VARCHAR,
  name_zh VARCHAR NOT NULL,
  name_en VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  level INTEGER NOT NULL,
  path VARCHAR NOT NULL,
  headcount INTEGER NOT NULL,
  PRIMARY KEY (wave_id, unit_id)
);
-- Responses as the analytics read them: each counted for the live unit that carries its unit now.
CREATE VIEW current_responses AS
SELECT r.* REPLACE (coalesce(um.unit_id, r.unit_id) AS unit_id)
FROM responses r LEFT JOIN unit_map um ON um.old_unit_id = r.unit_id;
INSERT INTO wave_units
SELECT w.id, u.id, u.parent_id, u.name_zh, u.name_en, u.kind, u.level, u.path, u.headcount FROM waves w, units u;
`,
};
