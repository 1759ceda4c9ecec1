// Periodic reports kept for later download: the PDF and the XLSX of its tables, made once and never changed.
export const migration003 = {
  version: 3,
  name: "reports",
  sql: `
CREATE TABLE reports (
  id VARCHAR PRIMARY KEY,            -- UUID
  survey_id VARCHAR NOT NULL,
  unit_id VARCHAR NOT NULL,          -- the report's scope: readable by anyone whose scope contains it
  wave_id VARCHAR NOT NULL,
  lang VARCHAR NOT NULL,             -- zh-cn | en
  title VARCHAR NOT NULL,
  created_by VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  pdf BLOB NOT NULL,
  xlsx BLOB NOT NULL
);
`,
};
