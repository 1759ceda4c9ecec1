// Cases (承办单): every demand or suggestion staff write, routed to a department with a deadline, answered,
// published, rated by its anonymous writer; and every step of each case, kept for supervision and scores.
// A case knows its writer only by the receipt they hold: no group (a unit's one 区长书记 would be named by it),
// no response id exposed by the API, times to the hour like responses.
export const migration007 = {
  version: 7,
  name: "cases",
  sql: `
CREATE SEQUENCE case_number START 1;
CREATE TABLE cases (
  id UUID PRIMARY KEY,
  number BIGINT NOT NULL DEFAULT nextval('case_number'), -- the 承办单号 people quote on the phone
  channel VARCHAR NOT NULL,         -- online | onsite | paper (from a response) | meeting (logged by staff)
  response_id UUID,                 -- the response it was written in; internal, to keep intake idempotent
  item_id VARCHAR,                  -- the demand question (or panel field) it answers
  position INTEGER,                 -- the dynamic panel / row index, when the question repeats
  wave_id VARCHAR,                  -- the round it was written in (meeting cases may name one)
  unit_id VARCHAR NOT NULL,         -- the writer's unit
  receipt VARCHAR NOT NULL,         -- the writer's 查询码: the response's, or a new one for a meeting case
  text VARCHAR NOT NULL,            -- what the writer wrote, never edited
  category VARCHAR NOT NULL,        -- demand | suggestion | question | complaint
  topic VARCHAR,
  status VARCHAR NOT NULL,          -- new | routed | answered | published | closed | merged
  merged_into UUID,                 -- the case a duplicate was merged into
  department_id VARCHAR,            -- the responsible department while routed (and who answered)
  routed_at TIMESTAMP,
  deadline DATE,                    -- plant-local date the current answer is due by (working days)
  answer VARCHAR,
  action_taken VARCHAR,
  answered_at TIMESTAMP,            -- when the current answer was written
  answered_by VARCHAR,
  public_text VARCHAR,              -- the wording approved for the public board; NULL: the board shows no text
  published_at TIMESTAMP,
  adopted BOOLEAN NOT NULL DEFAULT false,  -- a suggestion taken up (金点子)
  reward VARCHAR,
  rating VARCHAR,                   -- the writer's rating of the current answer: satisfied | basically | dissatisfied
  rated_at TIMESTAMP,
  reopened BOOLEAN NOT NULL DEFAULT false, -- the writer may reopen once
  reopen_comment VARCHAR,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE TABLE case_events (
  case_id UUID NOT NULL,
  seq INTEGER NOT NULL,             -- 1, 2, … per case
  event_at TIMESTAMP NOT NULL,
  actor VARCHAR NOT NULL,           -- a staff username, 'writer' (anonymous) or 'system' (intake)
  action VARCHAR NOT NULL,          -- received | logged | classify | merge | route | return | answer | reply |
                                    -- approve | reject | adopt | rate | reopen | unmerge
  from_status VARCHAR,
  to_status VARCHAR NOT NULL,
  details JSON NOT NULL,            -- what the step set (department, deadline, onTime, perfunctory, rating …)
  PRIMARY KEY (case_id, seq)
);
-- Cases as supervision reads them: the writer's unit and the department as they are now, after merges.
CREATE VIEW current_cases AS
SELECT c.* REPLACE (coalesce(um.unit_id, c.unit_id) AS unit_id, coalesce(dm.unit_id, c.department_id) AS department_id)
FROM cases c
LEFT JOIN unit_map um ON um.old_unit_id = c.unit_id
LEFT JOIN unit_map dm ON dm.old_unit_id = c.department_id;
-- Cases from responses stored before this migration: every non-empty demand answer, as intake does now.
INSERT INTO cases (id, channel, response_id, item_id, position, wave_id, unit_id, receipt, text, category, topic,
                   status, created_at, updated_at)
SELECT uuid(), r.channel, r.id, a.item_id, a.position, r.wave_id, r.unit_id, r.receipt, trim(a.value_text),
       CASE WHEN regexp_matches(lower(a.item_id || ' ' || coalesce(si.title_en, '') || ' ' || coalesce(si.title_zh, '')),
                                'suggest|建议') THEN 'suggestion' ELSE 'demand' END,
       si.topic, 'new', r.received_at, r.received_at
FROM answers a
JOIN responses r ON r.id = a.response_id
JOIN waves w ON w.id = r.wave_id
LEFT JOIN survey_items si ON si.survey_id = w.survey_id AND si.survey_version = w.survey_version
                         AND si.item_id = a.item_id
WHERE a.kind = 'demand' AND trim(coalesce(a.value_text, '')) <> ''
ORDER BY r.received_at, r.id, a.item_id, a.position;
INSERT INTO case_events SELECT id, 1, created_at, 'system', 'received', NULL, 'new', '{}' FROM cases;
`,
};
