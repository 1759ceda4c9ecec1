import { describe, expect, it } from "vitest";
import { type CompiledSurvey, compileSurvey, type ValidationIssue } from "../../server/ingest/compileSurvey";

// One small survey per question type; each case is the data sent and the exact result expected.
type Case = {
  name: string;
  elements: Record<string, unknown>[];
  data: unknown;
  keep?: Record<string, unknown>;
  issues?: ValidationIssue[];
};

const compiledCache = new Map<string, CompiledSurvey>();
function compiled(elements: Record<string, unknown>[]): CompiledSurvey {
  const key = JSON.stringify(elements);
  let survey = compiledCache.get(key);
  if (!survey) {
    survey = compileSurvey({ elements });
    compiledCache.set(key, survey);
  }
  return survey;
}

const issue = (path: string, code: string, message: string): ValidationIssue => ({ path, code, message });

const rating = [{ type: "rating", name: "pay_1", isRequired: true }];
const ratingValues = [{ type: "rating", name: "r", rateValues: [1, 2, 5] }];
const radio = [
  { type: "radiogroup", name: "dept", choices: ["hr", "it"], showOtherItem: true, isRequired: true },
];
const radioPlain = [
  {
    type: "radiogroup",
    name: "shift",
    choices: [
      { value: 1, text: "Day" },
      { value: 2, text: "Night" },
    ],
  },
];
const dropdown = [{ type: "dropdown", name: "age", choicesMin: 18, choicesMax: 65, showNoneItem: true }];
const checkbox = [
  {
    type: "checkbox",
    name: "bus",
    choices: ["a", "b", "c", "d"],
    showNoneItem: true,
    maxSelectedChoices: 3,
    minSelectedChoices: 2,
  },
];
const tagbox = [{ type: "tagbox", name: "tags", choices: ["x", "y"] }];
const boolean = [{ type: "boolean", name: "ok" }];
const yesNo = [{ type: "boolean", name: "agree", valueTrue: "Yes", valueFalse: "No" }];
const text = [{ type: "text", name: "nick", maxLength: 5 }];
const number = [{ type: "text", name: "age", inputType: "number", min: 16, max: 70 }];
const range = [{ type: "text", name: "level", inputType: "range", min: 0, max: 10 }];
const date = [{ type: "text", name: "since", inputType: "date", min: "2000-01-01", max: "2026-12-31" }];
const email = [{ type: "text", name: "mail", inputType: "email" }];
const formats = [
  { type: "text", name: "color", inputType: "color" },
  { type: "text", name: "time", inputType: "time" },
  { type: "text", name: "month", inputType: "month" },
  { type: "text", name: "week", inputType: "week" },
  { type: "text", name: "at", inputType: "datetime-local" },
  { type: "text", name: "tel", inputType: "tel" },
  { type: "text", name: "url", inputType: "url" },
  { type: "text", name: "pw", inputType: "password" },
];
const comment = [{ type: "comment", name: "why", maxLength: 10, isRequired: true }];
const matrix = [
  {
    type: "matrix",
    name: "office",
    columns: [1, 2, 3, 4, 5],
    rows: ["prod", "hr"],
    eachRowRequired: true,
  },
];
const matrixText = [{ type: "matrix", name: "m", columns: ["low", "high"], rows: ["r1"] }];
const matrixDropdown = [
  {
    type: "matrixdropdown",
    name: "tools",
    choices: [1, 2, 3],
    columns: [
      { name: "use", cellType: "radiogroup", choices: ["yes", "no"] },
      { name: "score" },
      { name: "note", cellType: "text" },
    ],
    rows: ["pump", "valve"],
  },
];
const matrixDynamic = [
  {
    type: "matrixdynamic",
    name: "kids",
    maxRowCount: 2,
    columns: [
      { name: "age", cellType: "text", inputType: "number", isRequired: true },
      { name: "school", cellType: "dropdown", choices: ["primary", "middle"] },
    ],
  },
];
const multipleText = [
  {
    type: "multipletext",
    name: "pay",
    items: [
      { name: "base", inputType: "number", isRequired: true },
      { name: "note", maxLength: 4 },
    ],
  },
];
const panels = [
  {
    type: "paneldynamic",
    name: "relatives",
    templateElements: [
      { type: "dropdown", name: "kind", choices: ["father", "mother"], isRequired: true },
      { type: "text", name: "name" },
      { type: "text", name: "age", inputType: "number", visibleIf: "{panel.kind} = 'mother'" },
    ],
  },
];
const ranking = [{ type: "ranking", name: "rank", choices: ["pay", "safety", "food"] }];
const imagePicker = [
  {
    type: "imagepicker",
    name: "pet",
    choices: [
      { value: "lion", imageLink: "l.png" },
      { value: "panda", imageLink: "p.png" },
    ],
  },
];
const imagePickerMulti = [
  { type: "imagepicker", name: "pets", multiSelect: true, choices: [{ value: "lion" }, { value: "panda" }] },
];
const file = [{ type: "file", name: "photo", maxSize: 10 }];
const signature = [{ type: "signaturepad", name: "sign", isRequired: true }];
const expression = [
  { type: "text", name: "a", inputType: "number" },
  { type: "expression", name: "double", expression: "{a} * 2" },
];
const display = [
  { type: "html", name: "intro", html: "<p>Hi</p>" },
  { type: "image", name: "logo", imageLink: "logo.png" },
  { type: "text", name: "t" },
];
const slider = [{ type: "slider", name: "temp", min: 0, max: 40 }];
const commentArea = [{ type: "rating", name: "pay_2", showCommentArea: true }];

const PNG = "data:image/png;base64,iVBORw0KGgo=";

const cases: Case[] = [
  // rating
  { name: "rating: in range", elements: rating, data: { pay_1: 4 }, keep: { pay_1: 4 } },
  {
    name: "rating: numeric text is read as the number",
    elements: rating,
    data: { pay_1: "4" },
    keep: { pay_1: 4 },
  },
  {
    name: "rating: wrong type",
    elements: rating,
    data: { pay_1: [4] },
    issues: [issue("pay_1", "wrong_type", 'Answer to "pay_1" must be a number from 1 to 5.')],
  },
  {
    name: "rating: out of range",
    elements: rating,
    data: { pay_1: 6 },
    issues: [issue("pay_1", "out_of_range", 'Answer to "pay_1" must be a number from 1 to 5.')],
  },
  {
    name: "rating: required missing",
    elements: rating,
    data: {},
    issues: [issue("pay_1", "required", '"pay_1" is required while it is shown; answer it.')],
  },
  {
    name: "rating: blank counts as missing",
    elements: rating,
    data: { pay_1: null },
    issues: [issue("pay_1", "required", '"pay_1" is required while it is shown; answer it.')],
  },
  {
    name: "rating: unknown key",
    elements: rating,
    data: { pay_1: 3, staff_no: "A1" },
    issues: [issue("staff_no", "unknown_key", '"staff_no" is not a question of this survey; remove it.')],
  },
  {
    name: "rating: comment key without other item or comment area",
    elements: rating,
    data: { pay_1: 3, "pay_1-Comment": "low" },
    issues: [
      issue(
        "pay_1-Comment",
        "comment_not_allowed",
        '"pay_1-Comment" is not allowed: "pay_1" has no "other" choice or comment box; remove it.',
      ),
    ],
  },
  { name: "rating: rateValues member", elements: ratingValues, data: { r: 5 }, keep: { r: 5 } },
  {
    name: "rating: not one of rateValues",
    elements: ratingValues,
    data: { r: 3 },
    issues: [issue("r", "not_a_choice", 'Answer to "r" must be one of its choices: 1, 2, 5.')],
  },
  {
    name: "rating: comment area allows name-Comment",
    elements: commentArea,
    data: { pay_2: 2, "pay_2-Comment": "too low" },
    keep: { pay_2: 2, "pay_2-Comment": "too low" },
  },
  // radiogroup
  { name: "radiogroup: a choice", elements: radio, data: { dept: "hr" }, keep: { dept: "hr" } },
  {
    name: "radiogroup: other with its comment",
    elements: radio,
    data: { dept: "other", "dept-Comment": "Logistics" },
    keep: { dept: "other", "dept-Comment": "Logistics" },
  },
  {
    name: "radiogroup: not a choice",
    elements: radio,
    data: { dept: "sales" },
    issues: [
      issue("dept", "not_a_choice", 'Answer to "dept" must be one of its choices: "hr", "it", "other".'),
    ],
  },
  {
    name: "radiogroup: wrong type",
    elements: radio,
    data: { dept: ["hr"] },
    issues: [
      issue("dept", "wrong_type", 'Answer to "dept" must be one of its choices: "hr", "it", "other".'),
    ],
  },
  {
    name: "radiogroup: comment key without other item",
    elements: radioPlain,
    data: { shift: 1, "shift-Comment": "x" },
    issues: [
      issue(
        "shift-Comment",
        "comment_not_allowed",
        '"shift-Comment" is not allowed: "shift" has no "other" choice or comment box; remove it.',
      ),
    ],
  },
  {
    name: "radiogroup: numeric choices described as a range",
    elements: radioPlain,
    data: { shift: 3 },
    issues: [issue("shift", "out_of_range", 'Answer to "shift" must be a number from 1 to 2.')],
  },
  // dropdown
  { name: "dropdown: generated choice", elements: dropdown, data: { age: 30 }, keep: { age: 30 } },
  { name: "dropdown: none item", elements: dropdown, data: { age: "none" }, keep: { age: "none" } },
  {
    name: "dropdown: not a choice",
    elements: dropdown,
    data: { age: 70 },
    issues: [
      issue(
        "age",
        "not_a_choice",
        'Answer to "age" must be one of its choices: 18, 19, 20, 21, 22, 23, 24, 25 … (49 in all).',
      ),
    ],
  },
  {
    name: "dropdown: wrong type",
    elements: dropdown,
    data: { age: { years: 30 } },
    issues: [
      issue(
        "age",
        "wrong_type",
        'Answer to "age" must be one of its choices: 18, 19, 20, 21, 22, 23, 24, 25 … (49 in all).',
      ),
    ],
  },
  // checkbox
  { name: "checkbox: choices", elements: checkbox, data: { bus: ["a", "c"] }, keep: { bus: ["a", "c"] } },
  { name: "checkbox: none alone", elements: checkbox, data: { bus: ["none"] }, keep: { bus: ["none"] } },
  {
    name: "checkbox: wrong type",
    elements: checkbox,
    data: { bus: "a" },
    issues: [
      issue(
        "bus",
        "wrong_type",
        'Answer to "bus" must be a list of its choices: "a", "b", "c", "d", "none".',
      ),
    ],
  },
  {
    name: "checkbox: not a choice",
    elements: checkbox,
    data: { bus: ["a", "z"] },
    issues: [
      issue(
        "bus",
        "not_a_choice",
        'Answer to "bus" contains "z", which is not allowed: it must be a list of its choices: "a", "b", "c", "d", "none".',
      ),
    ],
  },
  {
    name: "checkbox: too many selections",
    elements: checkbox,
    data: { bus: ["a", "b", "c", "d"] },
    issues: [issue("bus", "too_many_choices", 'Answer to "bus" may have at most 3 choices; it has 4.')],
  },
  {
    name: "checkbox: too few selections",
    elements: checkbox,
    data: { bus: ["a"] },
    issues: [issue("bus", "too_few_choices", 'Answer to "bus" needs at least 2 choices; it has 1.')],
  },
  {
    name: "checkbox: duplicate",
    elements: checkbox,
    data: { bus: ["a", "a"] },
    issues: [issue("bus", "duplicate_choice", 'Answer to "bus" lists "a" more than once.')],
  },
  {
    name: "checkbox: none with others",
    elements: checkbox,
    data: { bus: ["a", "none"] },
    issues: [
      issue(
        "bus",
        "exclusive_choice",
        'Answer to "bus" combines "none" with other choices; it must be chosen alone.',
      ),
    ],
  },
  // tagbox
  { name: "tagbox: choices", elements: tagbox, data: { tags: ["y"] }, keep: { tags: ["y"] } },
  {
    name: "tagbox: not a choice",
    elements: tagbox,
    data: { tags: ["q"] },
    issues: [
      issue(
        "tags",
        "not_a_choice",
        'Answer to "tags" contains "q", which is not allowed: it must be a list of its choices: "x", "y".',
      ),
    ],
  },
  // boolean
  { name: "boolean: false", elements: boolean, data: { ok: false }, keep: { ok: false } },
  {
    name: "boolean: not true or false",
    elements: boolean,
    data: { ok: "maybe" },
    issues: [issue("ok", "not_a_choice", 'Answer to "ok" must be true or false.')],
  },
  {
    name: "boolean: wrong type",
    elements: boolean,
    data: { ok: [true] },
    issues: [issue("ok", "wrong_type", 'Answer to "ok" must be true or false.')],
  },
  { name: "boolean: custom valueTrue", elements: yesNo, data: { agree: "Yes" }, keep: { agree: "Yes" } },
  {
    name: "boolean: custom values only",
    elements: yesNo,
    data: { agree: true },
    issues: [issue("agree", "not_a_choice", 'Answer to "agree" must be "Yes", "No".')],
  },
  // text
  { name: "text: plain", elements: text, data: { nick: "Li" }, keep: { nick: "Li" } },
  {
    name: "text: wrong type",
    elements: text,
    data: { nick: 5 },
    issues: [issue("nick", "wrong_type", 'Answer to "nick" must be text.')],
  },
  {
    name: "text: too long",
    elements: text,
    data: { nick: "abcdefg" },
    issues: [issue("nick", "too_long", 'Answer to "nick" must be at most 5 characters long; it has 7.')],
  },
  { name: "text number: number", elements: number, data: { age: 30 }, keep: { age: 30 } },
  {
    name: "text number: numeric text kept as number",
    elements: number,
    data: { age: "30" },
    keep: { age: 30 },
  },
  {
    name: "text number: wrong type",
    elements: number,
    data: { age: "thirty" },
    issues: [issue("age", "wrong_type", 'Answer to "age" must be a number from 16 to 70.')],
  },
  {
    name: "text number: out of range",
    elements: number,
    data: { age: 71 },
    issues: [issue("age", "out_of_range", 'Answer to "age" must be a number from 16 to 70.')],
  },
  { name: "text range: in range", elements: range, data: { level: 10 }, keep: { level: 10 } },
  {
    name: "text range: out of range",
    elements: range,
    data: { level: -1 },
    issues: [issue("level", "out_of_range", 'Answer to "level" must be a number from 0 to 10.')],
  },
  { name: "text date: valid", elements: date, data: { since: "2019-03-01" }, keep: { since: "2019-03-01" } },
  {
    name: "text date: wrong format",
    elements: date,
    data: { since: "01/03/2019" },
    issues: [issue("since", "invalid_format", 'Answer to "since" must be a date like 2026-07-01.')],
  },
  {
    name: "text date: out of range",
    elements: date,
    data: { since: "1999-12-31" },
    issues: [
      issue("since", "out_of_range", 'Answer to "since" must be a date from 2000-01-01 to 2026-12-31.'),
    ],
  },
  {
    name: "text email: valid",
    elements: email,
    data: { mail: "li@example.com" },
    keep: { mail: "li@example.com" },
  },
  {
    name: "text email: invalid",
    elements: email,
    data: { mail: "li at example" },
    issues: [
      issue("mail", "invalid_email", 'Answer to "mail" must be an e-mail address like name@example.com.'),
    ],
  },
  {
    name: "text: every other input type",
    elements: formats,
    data: {
      color: "#ff8800",
      time: "08:30",
      month: "2026-07",
      week: "2026-W27",
      at: "2026-07-01T08:30",
      tel: "+86 138",
      url: "https://example.com",
      pw: "x",
    },
    keep: {
      color: "#ff8800",
      time: "08:30",
      month: "2026-07",
      week: "2026-W27",
      at: "2026-07-01T08:30",
      tel: "+86 138",
      url: "https://example.com",
      pw: "x",
    },
  },
  {
    name: "text: input type formats",
    elements: formats,
    data: { color: "orange", time: "8h", month: "July", week: "27", at: "2026-07-01" },
    issues: [
      issue("color", "invalid_format", 'Answer to "color" must be a colour like #ff8800.'),
      issue("time", "invalid_format", 'Answer to "time" must be a time like 08:30.'),
      issue("month", "invalid_format", 'Answer to "month" must be a month like 2026-07.'),
      issue("week", "invalid_format", 'Answer to "week" must be a week like 2026-W27.'),
      issue("at", "invalid_format", 'Answer to "at" must be a date and time like 2026-07-01T08:30.'),
    ],
  },
  // comment
  { name: "comment: text", elements: comment, data: { why: "too hot" }, keep: { why: "too hot" } },
  {
    name: "comment: too long",
    elements: comment,
    data: { why: "far too hot in summer" },
    issues: [issue("why", "too_long", 'Answer to "why" must be at most 10 characters long; it has 21.')],
  },
  {
    name: "comment: wrong type",
    elements: comment,
    data: { why: { text: "x" } },
    issues: [issue("why", "wrong_type", 'Answer to "why" must be text.')],
  },
  {
    name: "comment: whitespace is missing",
    elements: comment,
    data: { why: "   " },
    issues: [issue("why", "required", '"why" is required while it is shown; answer it.')],
  },
  // matrix
  {
    name: "matrix: every row",
    elements: matrix,
    data: { office: { prod: 4, hr: 2 } },
    keep: { office: { prod: 4, hr: 2 } },
  },
  {
    name: "matrix: wrong type",
    elements: matrix,
    data: { office: [4, 2] },
    issues: [
      issue(
        "office",
        "wrong_type",
        'Answer to "office" must be an object with one answer per row, like {"row": column}.',
      ),
    ],
  },
  {
    name: "matrix: cell out of range",
    elements: matrix,
    data: { office: { prod: 9, hr: 2 } },
    issues: [issue("office/prod", "out_of_range", 'Answer to "office/prod" must be a number from 1 to 5.')],
  },
  {
    name: "matrix: unknown row",
    elements: matrix,
    data: { office: { prod: 1, hr: 2, canteen: 3 } },
    issues: [issue("office/canteen", "unknown_key", '"office/canteen" is not a row of "office"; remove it.')],
  },
  {
    name: "matrix: each row required",
    elements: matrix,
    data: { office: { prod: 1 } },
    issues: [issue("office/hr", "required", 'Every row of "office" must be answered; "office/hr" has none.')],
  },
  {
    name: "matrix: text columns",
    elements: matrixText,
    data: { m: { r1: "mid" } },
    issues: [issue("m/r1", "not_a_choice", 'Answer to "m/r1" must be one of its choices: "low", "high".')],
  },
  // matrixdropdown
  {
    name: "matrixdropdown: cells",
    elements: matrixDropdown,
    data: { tools: { pump: { use: "yes", score: 3, note: "ok" }, valve: { use: "no" } } },
    keep: { tools: { pump: { use: "yes", score: 3, note: "ok" }, valve: { use: "no" } } },
  },
  {
    name: "matrixdropdown: cell not a choice of its column",
    elements: matrixDropdown,
    data: { tools: { pump: { use: "maybe", score: 4 } } },
    issues: [
      issue(
        "tools/pump/use",
        "not_a_choice",
        'Answer to "tools/pump/use" must be one of its choices: "yes", "no".',
      ),
      issue("tools/pump/score", "out_of_range", 'Answer to "tools/pump/score" must be a number from 1 to 3.'),
    ],
  },
  {
    name: "matrixdropdown: unknown row and column",
    elements: matrixDropdown,
    data: { tools: { pump: { colour: "red" }, drill: { use: "yes" } } },
    issues: [
      issue(
        "tools/pump/colour",
        "unknown_key",
        '"tools/pump/colour" is not a question of this survey; remove it.',
      ),
      issue("tools/drill", "unknown_key", '"tools/drill" is not a row of "tools"; remove it.'),
    ],
  },
  {
    name: "matrixdropdown: wrong type",
    elements: matrixDropdown,
    data: { tools: { pump: "yes" } },
    issues: [issue("tools/pump", "wrong_type", '"tools/pump" must be an object of answers by column.')],
  },
  // matrixdynamic
  {
    name: "matrixdynamic: rows",
    elements: matrixDynamic,
    data: { kids: [{ age: 7, school: "primary" }, { age: "12" }] },
    keep: { kids: [{ age: 7, school: "primary" }, { age: 12 }] },
  },
  {
    name: "matrixdynamic: required cell and bad choice",
    elements: matrixDynamic,
    data: { kids: [{ school: "high" }] },
    issues: [
      issue("kids[0]/age", "required", '"kids[0]/age" is required while it is shown; answer it.'),
      issue(
        "kids[0]/school",
        "not_a_choice",
        'Answer to "kids[0]/school" must be one of its choices: "primary", "middle".',
      ),
    ],
  },
  {
    name: "matrixdynamic: too many rows",
    elements: matrixDynamic,
    data: { kids: [{ age: 1 }, { age: 2 }, { age: 3 }] },
    issues: [issue("kids", "too_many_rows", 'Answer to "kids" may have at most 2 rows; it has 3.')],
  },
  {
    name: "matrixdynamic: wrong type",
    elements: matrixDynamic,
    data: { kids: { age: 1 } },
    issues: [
      issue(
        "kids",
        "wrong_type",
        'Answer to "kids" must be a list of rows, each an object of answers by column.',
      ),
    ],
  },
  // multipletext
  {
    name: "multipletext: items",
    elements: multipleText,
    data: { pay: { base: 5000, note: "ok" } },
    keep: { pay: { base: 5000, note: "ok" } },
  },
  {
    name: "multipletext: item rules and unknown item",
    elements: multipleText,
    data: { pay: { base: "lots", note: "too long", bonus: 1 } },
    issues: [
      issue("pay/base", "wrong_type", 'Answer to "pay/base" must be a number.'),
      issue("pay/note", "too_long", 'Answer to "pay/note" must be at most 4 characters long; it has 8.'),
      issue("pay/bonus", "unknown_key", '"pay/bonus" is not a question of this survey; remove it.'),
    ],
  },
  {
    name: "multipletext: required item",
    elements: multipleText,
    data: { pay: { note: "ok" } },
    issues: [issue("pay/base", "required", '"pay/base" is required while it is shown; answer it.')],
  },
  {
    name: "multipletext: wrong type",
    elements: multipleText,
    data: { pay: "5000" },
    issues: [issue("pay", "wrong_type", 'Answer to "pay" must be an object with one answer per item.')],
  },
  // paneldynamic
  {
    name: "paneldynamic: panels, with a per-panel hidden answer dropped",
    elements: panels,
    data: {
      relatives: [
        { kind: "father", name: "Wang", age: 60 },
        { kind: "mother", age: 58 },
      ],
    },
    keep: {
      relatives: [
        { kind: "father", name: "Wang" },
        { kind: "mother", age: 58 },
      ],
    },
  },
  {
    name: "paneldynamic: checks inside panels",
    elements: panels,
    data: { relatives: [{ kind: "father" }, { name: "Li", kind: "aunt", nickname: "x" }] },
    issues: [
      issue(
        "relatives[1]/kind",
        "not_a_choice",
        'Answer to "relatives[1]/kind" must be one of its choices: "father", "mother".',
      ),
      issue(
        "relatives[1]/nickname",
        "unknown_key",
        '"relatives[1]/nickname" is not a question of this survey; remove it.',
      ),
    ],
  },
  {
    name: "paneldynamic: required inside a panel",
    elements: panels,
    data: { relatives: [{ name: "Li" }] },
    issues: [
      issue("relatives[0]/kind", "required", '"relatives[0]/kind" is required while it is shown; answer it.'),
    ],
  },
  {
    name: "paneldynamic: wrong type",
    elements: panels,
    data: { relatives: { kind: "father" } },
    issues: [
      issue(
        "relatives",
        "wrong_type",
        'Answer to "relatives" must be a list of panels, each an object of answers.',
      ),
    ],
  },
  // ranking
  {
    name: "ranking: permutation",
    elements: ranking,
    data: { rank: ["safety", "pay", "food"] },
    keep: { rank: ["safety", "pay", "food"] },
  },
  {
    name: "ranking: not every choice",
    elements: ranking,
    data: { rank: ["safety", "pay"] },
    issues: [
      issue(
        "rank",
        "not_a_permutation",
        'Answer to "rank" must rank each of its choices exactly once: "pay", "safety", "food"; it ranks 2.',
      ),
    ],
  },
  {
    name: "ranking: not a choice",
    elements: ranking,
    data: { rank: ["safety", "pay", "bus"] },
    issues: [issue("rank", "not_a_choice", 'Answer to "rank" ranks "bus", which is not one of its choices.')],
  },
  {
    name: "ranking: duplicate",
    elements: ranking,
    data: { rank: ["pay", "pay", "food"] },
    issues: [issue("rank", "duplicate_choice", 'Answer to "rank" ranks "pay" more than once.')],
  },
  {
    name: "ranking: wrong type",
    elements: ranking,
    data: { rank: "pay" },
    issues: [
      issue(
        "rank",
        "wrong_type",
        'Answer to "rank" must rank each of its choices exactly once: "pay", "safety", "food".',
      ),
    ],
  },
  // imagepicker
  { name: "imagepicker: choice", elements: imagePicker, data: { pet: "panda" }, keep: { pet: "panda" } },
  {
    name: "imagepicker: not a choice",
    elements: imagePicker,
    data: { pet: "cat" },
    issues: [issue("pet", "not_a_choice", 'Answer to "pet" must be one of its choices: "lion", "panda".')],
  },
  {
    name: "imagepicker: multiSelect list",
    elements: imagePickerMulti,
    data: { pets: ["lion"] },
    keep: { pets: ["lion"] },
  },
  {
    name: "imagepicker: multiSelect wrong type",
    elements: imagePickerMulti,
    data: { pets: "lion" },
    issues: [issue("pets", "wrong_type", 'Answer to "pets" must be a list of its choices: "lion", "panda".')],
  },
  // file
  {
    name: "file: one file",
    elements: file,
    data: { photo: [{ name: "a.png", type: "image/png", content: "data:image/png;base64,AAAA" }] },
    keep: { photo: [{ name: "a.png", type: "image/png", content: "data:image/png;base64,AAAA" }] },
  },
  {
    name: "file: wrong type",
    elements: file,
    data: { photo: "a.png" },
    issues: [
      issue("photo", "wrong_type", 'Answer to "photo" must be a list of files, each {name, type, content}.'),
    ],
  },
  {
    name: "file: not a file object",
    elements: file,
    data: { photo: [{ name: "a.png" }] },
    issues: [
      issue(
        "photo[0]",
        "invalid_format",
        '"photo[0]" must be a file {name, type, content} with a text name and content.',
      ),
    ],
  },
  {
    name: "file: too large",
    elements: file,
    data: {
      photo: [{ name: "a.png", type: "image/png", content: "data:image/png;base64,AAAAAAAAAAAAAAAA" }],
    },
    issues: [
      issue(
        "photo[0]",
        "file_too_large",
        'File "a.png" in "photo" is 12 bytes; at most 10 bytes are allowed.',
      ),
    ],
  },
  {
    name: "file: two files where one is allowed",
    elements: file,
    data: {
      photo: [
        { name: "a.png", content: "data:," },
        { name: "b.png", content: "data:," },
      ],
    },
    issues: [issue("photo", "too_many_files", 'Answer to "photo" takes one file; it has 2.')],
  },
  // signaturepad
  { name: "signaturepad: data URL", elements: signature, data: { sign: PNG }, keep: { sign: PNG } },
  {
    name: "signaturepad: not a data URL",
    elements: signature,
    data: { sign: "Wang Wei" },
    issues: [
      issue(
        "sign",
        "invalid_format",
        'Answer to "sign" must be an image data URL (data:image/png;base64,…).',
      ),
    ],
  },
  {
    name: "signaturepad: wrong type",
    elements: signature,
    data: { sign: 1 },
    issues: [
      issue("sign", "wrong_type", 'Answer to "sign" must be an image data URL (data:image/png;base64,…).'),
    ],
  },
  {
    name: "signaturepad: required missing",
    elements: signature,
    data: {},
    issues: [issue("sign", "required", '"sign" is required while it is shown; answer it.')],
  },
  // expression
  {
    name: "expression: its value is kept as sent",
    elements: expression,
    data: { a: 2, double: 4 },
    keep: { a: 2, double: 4 },
  },
  { name: "expression: may be absent", elements: expression, data: { a: 2 }, keep: { a: 2 } },
  // html and image
  {
    name: "html and image: carry no answer",
    elements: display,
    data: { t: "x", intro: "hi", logo: "x.png" },
    issues: [
      issue("intro", "unknown_key", '"intro" is not a question of this survey; remove it.'),
      issue("logo", "unknown_key", '"logo" is not a question of this survey; remove it.'),
    ],
  },
  // slider (survey-core 3.0)
  { name: "slider: in range", elements: slider, data: { temp: 21 }, keep: { temp: 21 } },
  {
    name: "slider: out of range",
    elements: slider,
    data: { temp: 41 },
    issues: [issue("temp", "out_of_range", 'Answer to "temp" must be a number from 0 to 40.')],
  },
  // the data itself
  {
    name: "data: not an object",
    elements: rating,
    data: [1, 2],
    issues: [issue("", "wrong_type", "The answers must be an object keyed by question name.")],
  },
];

describe("validate: every question type", () => {
  it.each(cases)("$name", ({ elements, data, keep, issues }) => {
    const result = compiled(elements).validate(data);
    if (keep) expect(result).toEqual({ ok: true, data: keep });
    else expect(result).toEqual({ ok: false, issues });
  });
});

const validators = [
  {
    type: "text",
    name: "code",
    validators: [{ type: "regex", regex: "^[A-Z]{2}\\d{3}$", text: "Two letters, three digits." }],
  },
  { type: "text", name: "score", validators: [{ type: "numeric", minValue: 1, maxValue: 10 }] },
  {
    type: "comment",
    name: "story",
    validators: [{ type: "text", minLength: 5, maxLength: 12, allowDigits: false }],
  },
  { type: "text", name: "mail", validators: [{ type: "email" }] },
  {
    type: "checkbox",
    name: "picks",
    choices: ["a", "b", "c"],
    validators: [{ type: "answercount", minCount: 2 }],
  },
  { type: "text", name: "until", validators: [{ type: "expression", expression: "{until} >= {since}" }] },
  { type: "text", name: "since" },
];

const validatorCases: Case[] = [
  {
    name: "validators: all pass",
    elements: validators,
    data: {
      code: "AB123",
      score: "7",
      story: "Hot summer",
      mail: "a@b.cn",
      picks: ["a", "b"],
      since: "1",
      until: "2",
    },
    keep: {
      code: "AB123",
      score: "7",
      story: "Hot summer",
      mail: "a@b.cn",
      picks: ["a", "b"],
      since: "1",
      until: "2",
    },
  },
  {
    name: "validators: each fails",
    elements: validators,
    data: { code: "ab1", score: "11", story: "Hot 2024", mail: "nope", picks: ["a"], since: "5", until: "2" },
    issues: [
      issue(
        "code",
        "pattern_mismatch",
        'Answer to "code" does not have the format the survey expects. The survey says: "Two letters, three digits."',
      ),
      issue("score", "out_of_range", 'Answer to "score" must be a number from 1 to 10.'),
      issue("story", "digits_not_allowed", 'Answer to "story" must not contain digits.'),
      issue("mail", "invalid_email", 'Answer to "mail" must be an e-mail address like name@example.com.'),
      issue("picks", "too_few_choices", 'Answer to "picks" needs at least 2 choices; it has 1.'),
      issue(
        "until",
        "expression_failed",
        'Answer to "until" fails the survey\'s check "{until} >= {since}".',
      ),
    ],
  },
  {
    name: "validators: text length and numeric type",
    elements: validators,
    data: { score: "ten", story: "Hot" },
    issues: [
      issue("score", "wrong_type", 'Answer to "score" must be a number from 1 to 10.'),
      issue("story", "too_short", 'Answer to "story" must be at least 5 characters long; it has 3.'),
    ],
  },
];

describe("validate: the survey's own validators", () => {
  it.each(validatorCases)("$name", ({ elements, data, keep, issues }) => {
    const result = compiled(elements).validate(data);
    if (keep) expect(result).toEqual({ ok: true, data: keep });
    else expect(result).toEqual({ ok: false, issues });
  });
});
