// Admin-managed catalogues and organisation settings: topics and groups can be retired (kept, since stored answers
// and survey items name them), and the working-day calendar gets the organisation's own holidays and 调休 days.
export const migration008 = {
  version: 8,
  name: "catalogue_settings",
  sql: `
ALTER TABLE topics ADD COLUMN retired_at TIMESTAMP;
ALTER TABLE groups ADD COLUMN retired_at TIMESTAMP;
-- Days that override the built-in Chinese calendar for case deadlines: an extra holiday, or a weekend worked (调休).
CREATE TABLE calendar_overrides (
  day DATE PRIMARY KEY,
  kind VARCHAR NOT NULL,            -- holiday | workday
  note VARCHAR NOT NULL DEFAULT ''
);
`,
};
