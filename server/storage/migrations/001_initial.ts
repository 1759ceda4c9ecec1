// The first schema: organisation, catalogues, versioned surveys, waves, responses and long-format answers.
// Times are stored as UTC TIMESTAMPs (no ICU dependency); dates as DATE.
export const migration001 = {
  version: 1,
  name: "initial",
  sql: `
CREATE TABLE units (
  id VARCHAR PRIMARY KEY,
  parent_id VARCHAR,
  name_zh VARCHAR NOT NULL,
  name_en VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,          -- plant | area | station | team | department
  level INTEGER NOT NULL,         -- 0 is the root
  path VARCHAR NOT NULL,          -- '/root/area1/station3/' so a subtree is a prefix match
  headcount INTEGER NOT NULL DEFAULT 0,
  sort INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE groups (
  id VARCHAR PRIMARY KEY,
  name_zh VARCHAR NOT NULL,
  name_en VARCHAR NOT NULL,
  sort INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE topics (
  id VARCHAR PRIMARY KEY,
  name_zh VARCHAR NOT NULL,
  name_en VARCHAR NOT NULL,
  sort INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE surveys (
  id VARCHAR NOT NULL,
  version INTEGER NOT NULL,
  definition JSON NOT NULL,
  hash VARCHAR NOT NULL,          -- sha256 of the canonical definition: an identical upload is the same version
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (id, version)
);
-- One row per analysable item of a survey version (a scale question, a matrix row, the eNPS item, a demand
-- question): what the analytics join answers with to know topic, scale and thresholds.
CREATE TABLE survey_items (
  survey_id VARCHAR NOT NULL,
  survey_version INTEGER NOT NULL,
  item_id VARCHAR NOT NULL,       -- SurveyJS name, or matrixName.rowValue
  question_name VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,          -- scale | enps | demand
  topic VARCHAR,
  scale_min DOUBLE,
  scale_max DOUBLE,
  favourable_min DOUBLE,
  unfavourable_max DOUBLE,
  title_zh VARCHAR,
  title_en VARCHAR,
  sort INTEGER NOT NULL,
  PRIMARY KEY (survey_id, survey_version, item_id)
);
CREATE TABLE waves (
  id VARCHAR PRIMARY KEY,
  survey_id VARCHAR NOT NULL,
  survey_version INTEGER NOT NULL,
  title VARCHAR NOT NULL,
  period_start DATE NOT NULL,
  period_end DATE NOT NULL,
  opens_at TIMESTAMP NOT NULL,
  closes_at TIMESTAMP NOT NULL,
  channels VARCHAR[] NOT NULL,
  created_at TIMESTAMP NOT NULL
);
-- No name, staff number, IP address or device id: a response knows only where and when it was given.
CREATE TABLE responses (
  id UUID PRIMARY KEY,            -- made by the client when the form started: the idempotency key
  wave_id VARCHAR NOT NULL,
  unit_id VARCHAR NOT NULL,
  group_id VARCHAR NOT NULL,
  channel VARCHAR NOT NULL,
  started_at TIMESTAMP,
  submitted_at TIMESTAMP,
  received_at TIMESTAMP NOT NULL,
  collected_at TIMESTAMP NOT NULL, -- server time online; the device's submittedAt on-site and on paper, clamped
  receipt VARCHAR NOT NULL,
  body_hash VARCHAR NOT NULL,     -- sha256 of the canonical request body, to tell a resend from a conflict
  data JSON NOT NULL              -- the kept SurveyJS data (hidden questions dropped), so nothing is lost
);
-- Long format: one row per scale answer, choice, matrix cell, ranking position or text.
CREATE TABLE answers (
  response_id UUID NOT NULL,
  item_id VARCHAR NOT NULL,       -- question name, matrixName.rowValue, or matrixName.rowValue.column
  kind VARCHAR NOT NULL,          -- scale | enps | number | choice | rank | text | demand | boolean
  value_num DOUBLE,
  value_text VARCHAR,
  position INTEGER                -- ranking position (1 = first) or the index of a dynamic panel/row
);
CREATE TABLE settings (
  key VARCHAR PRIMARY KEY,
  value JSON NOT NULL
);
`,
};
