// Report schedules: a unit's report made once per month or quarter, as the account that asked for it. A report
// made for a schedule remembers which schedule and which period, so each period is made once.
export const migration004 = {
  version: 4,
  name: "report_schedules",
  sql: `
CREATE TABLE report_schedules (
  id VARCHAR PRIMARY KEY,            -- UUID
  survey_id VARCHAR NOT NULL,
  unit_id VARCHAR NOT NULL,
  cadence VARCHAR NOT NULL,          -- monthly | quarterly
  lang VARCHAR NOT NULL,
  created_by VARCHAR NOT NULL,       -- the account the reports are made as
  created_at TIMESTAMP NOT NULL
);
ALTER TABLE reports ADD COLUMN schedule_id VARCHAR;
ALTER TABLE reports ADD COLUMN period VARCHAR;   -- 2026-10 or 2026-Q3 for scheduled reports
`,
};
