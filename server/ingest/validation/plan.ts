// Compiles a survey definition once into a plan: per element its visibility and required conditions (survey-core
// ConditionRunners) and a checker for its answers. It reads survey-core's model only here, never per response.
import {
  ConditionRunner,
  EmailValidator,
  ExpressionRunner,
  type ItemValue,
  Model,
  type PanelModelBase,
  type Question,
  type SurveyValidator,
  settings,
} from "survey-core";
import { registerCustomProperties } from "../../catalogue/customProperties";
import type { SurveyDefinition } from "../../catalogue/types";
import {
  acceptAnything,
  type Bound,
  type Checker,
  ChoiceSet,
  type ChoiceSource,
  choiceKey,
  fileChecker,
  isNumericInput,
  multiChoiceChecker,
  rankingChecker,
  signatureChecker,
  singleChoiceChecker,
  sliderChecker,
  textChecker,
  validatorCheck,
} from "./checks";
import { type CheckContext, INVALID, isEmptyValue, isPlainObject, plural, showList } from "./issues";
import { type ContainerPlan, type FieldPlan, validateScope } from "./scope";

/** A field plus what flattening needs to know about it. */
export interface QuestionPlan extends FieldPlan {
  topic: string | null;
  enps: boolean;
  demand: boolean;
  /** A text or multiple-text item whose input is a number. */
  numeric: boolean;
  /** The answer is a list of choices (checkbox, tagbox, multi-select image picker or matrix). */
  multiple: boolean;
  valuePropertyName: string | null;
  valueTrue: unknown;
  /** Matrix dropdown/dynamic columns or multiple-text items, checked as a scope per row. */
  columns: QuestionPlan[] | null;
  /** A dynamic panel's template. */
  template: ElementPlan[] | null;
}

export type ElementPlan = QuestionPlan | ContainerPlan<QuestionPlan>;

export interface SurveyPlan {
  pages: ContainerPlan<QuestionPlan>[];
  /** Top-level questions in survey order (not template questions or cells). */
  questions: QuestionPlan[];
  commentSuffix: string;
  properties: Record<string, unknown>;
  calculated: { name: string; runner: ExpressionRunner }[];
  extraKeys: ReadonlySet<string>;
  ownedKeys: ReadonlySet<string>;
  visibleTriggers: { condition: ConditionRunner; questions: string[] }[];
  completeTriggers: { condition: ConditionRunner; pageIndex: number }[];
}

const NO_VALUE_TYPES = new Set(["html", "image", "empty"]);
const SINGLE_CHOICE_TYPES = new Set(["radiogroup", "dropdown"]);
const MULTI_CHOICE_TYPES = new Set(["checkbox", "tagbox"]);

/** Loose read of a survey-core property: the typings do not list every serialised property. */
function prop<T = unknown>(obj: object, name: string): T {
  return (obj as Record<string, unknown>)[name] as T;
}

function condition(expression: unknown): ConditionRunner | null {
  return typeof expression === "string" && expression.trim() !== "" ? new ConditionRunner(expression) : null;
}

function expressionOf(expression: unknown): ExpressionRunner | null {
  return typeof expression === "string" && expression.trim() !== "" ? new ExpressionRunner(expression) : null;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

interface BuildContext {
  model: Model;
  commentSuffix: string;
  properties: Record<string, unknown>;
  /** valueNames that a dynamic panel shares with a checkbox/tagbox using valuePropertyName. */
  sharedPanelKeys: Map<string, string>;
}

export function compilePlan(definition: SurveyDefinition): SurveyPlan {
  registerCustomProperties();
  // Design mode: survey-core then keeps `visible`/`isRequired` as written instead of applying visibleIf and
  // requiredIf to an empty response at load, which would make conditional questions look hidden or optional.
  const model = new Model();
  model.setDesignMode(true);
  // A copy: survey-core writes into the JSON it loads (`cellType` on matrix columns), and this one is cached and served.
  model.fromJSON(structuredClone(definition));
  const commentSuffix = model.commentSuffix || settings.commentSuffix;
  const properties: Record<string, unknown> = { survey: model };
  const build: BuildContext = { model, commentSuffix, properties, sharedPanelKeys: new Map() };

  // A checkbox with valuePropertyName and a dynamic panel may share one valueName (survey-core's "merge"
  // pattern): the value is then a list of objects holding both, so each must tolerate the other's keys.
  const all = model.getAllQuestions(false, true, false) as Question[];
  for (const question of all) {
    const vpn = prop<string | undefined>(question, "valuePropertyName");
    if (!vpn || !MULTI_CHOICE_TYPES.has(question.getType()) || question.parentQuestion) continue;
    const panel = all.find(
      (other) =>
        other.getType() === "paneldynamic" &&
        !other.parentQuestion &&
        other.getValueName() === question.getValueName(),
    );
    if (panel) build.sharedPanelKeys.set(question.getValueName(), vpn);
  }

  const pages = model.pages.map((page, index) => containerPlan(page, index, build));
  const questions: QuestionPlan[] = [];
  const collect = (elements: readonly ElementPlan[]) => {
    for (const element of elements) {
      if (element.kind === "container") collect(element.children);
      else questions.push(element);
    }
  };
  collect(pages);
  const ownedKeys = new Set(questions.filter((q) => q.hasValue).map((q) => q.valueName));
  const extraKeys = new Set<string>();
  for (const question of all) {
    // A matrix with column totals stores them under "name-total"; survey-core computes them, nobody types them.
    const type = question.getType();
    if (question.parentQuestion || (type !== "matrixdropdown" && type !== "matrixdynamic")) continue;
    const columns = prop<object[]>(question, "columns") ?? [];
    if (columns.some((column) => (prop<string>(column, "totalType") ?? "none") !== "none")) {
      extraKeys.add(question.getValueName() + settings.matrix.totalsSuffix);
    }
  }
  const pageOfKey = new Map<string, number>();
  for (const question of questions) pageOfKey.set(question.valueName.toLowerCase(), question.pageIndex);

  const calculated: SurveyPlan["calculated"] = [];
  for (const value of model.calculatedValues) {
    const runner = expressionOf(value.expression);
    if (runner) calculated.push({ name: value.name, runner });
    if (value.includeIntoResult) extraKeys.add(value.name);
  }

  const visibleTriggers: SurveyPlan["visibleTriggers"] = [];
  const completeTriggers: SurveyPlan["completeTriggers"] = [];
  for (const trigger of model.triggers) {
    const when = condition(trigger.expression);
    const type = trigger.getType();
    if (type === "visibletrigger" && when) {
      visibleTriggers.push({ condition: when, questions: [...(prop<string[]>(trigger, "questions") ?? [])] });
    } else if (type === "completetrigger" && when) {
      // The survey completes on leaving the page of the last question the trigger reads.
      const pagesRead = when
        .getVariables()
        .map((name) => pageOfKey.get(name.split(/[.[]/)[0]?.toLowerCase() ?? ""))
        .filter((page): page is number => page !== undefined);
      completeTriggers.push({
        condition: when,
        pageIndex: pagesRead.length > 0 ? Math.max(...pagesRead) : pages.length - 1,
      });
    } else if (type === "setvaluetrigger" || type === "copyvaluetrigger" || type === "runexpressiontrigger") {
      // A trigger may write a value that no question owns; survey-core then stores it in the data.
      const target = prop<string | undefined>(trigger, "setToName");
      if (target && !prop<boolean>(trigger, "isVariable") && !ownedKeys.has(target)) extraKeys.add(target);
    }
  }

  return {
    pages,
    questions,
    commentSuffix,
    properties,
    calculated,
    extraKeys,
    ownedKeys,
    visibleTriggers,
    completeTriggers,
  };
}

function containerPlan(
  container: PanelModelBase,
  pageIndex: number,
  build: BuildContext,
): ContainerPlan<QuestionPlan> {
  const children: ElementPlan[] = [];
  for (const element of container.elements) {
    if (element.isPanel) children.push(containerPlan(element as unknown as PanelModelBase, pageIndex, build));
    else children.push(questionPlan(element as unknown as Question, pageIndex, build));
  }
  return {
    kind: "container",
    name: container.name,
    visible: staticVisible(container),
    visibleIf: condition(prop(container, "visibleIf")),
    children,
  };
}

/** survey-core lets visibleIf overwrite `visible` whenever it runs, so `visible: false` only counts without one. */
function staticVisible(element: object): boolean {
  return condition(prop(element, "visibleIf")) !== null || prop<boolean>(element, "visible") !== false;
}

function customTopic(question: Question): string | null {
  const topic = question.getPropertyValue("topic");
  return typeof topic === "string" && topic !== "" ? topic : null;
}

/** Fields every plan shares; `source` is the question itself, or a matrix column / multiple-text item. */
function basePlan(question: Question, pageIndex: number, source: object = question): QuestionPlan {
  const type = question.getType();
  const name = prop<string>(source, "name");
  const valueName = source === question ? question.getValueName() : name;
  return {
    kind: "question",
    name,
    valueName,
    type,
    visible: staticVisible(source),
    visibleIf: condition(prop(source, "visibleIf")),
    // An expression's value is computed, never typed by the respondent, so it cannot be missing by their fault.
    isRequired: type !== "expression" && prop<boolean>(source, "isRequired") === true,
    requiredIf: type === "expression" ? null : condition(prop(source, "requiredIf")),
    hasValue: !NO_VALUE_TYPES.has(type),
    commentKey: null,
    check: acceptAnything,
    validators: null,
    pageIndex,
    yieldsSharedValue: false,
    topic: customTopic(question),
    enps: question.getPropertyValue("enps") === true,
    demand: question.getPropertyValue("demand") === true,
    numeric: false,
    multiple: false,
    valuePropertyName: null,
    valueTrue: true,
    columns: null,
    template: null,
  };
}

function questionPlan(question: Question, pageIndex: number, build: BuildContext): QuestionPlan {
  const plan = basePlan(question, pageIndex);
  configure(plan, question, build, null);
  return plan;
}

/** Fills in the checker (and flatten facts) for the question's type. `choicesFallback`: a matrix's shared choices. */
function configure(
  plan: QuestionPlan,
  question: Question,
  build: BuildContext,
  choicesFallback: ItemValue[] | null,
): void {
  const type = plan.type;
  const validators = (prop<SurveyValidator[] | undefined>(question, "validators") ?? []).slice();
  const showCommentArea = prop<boolean>(question, "showCommentArea") === true;
  if (showCommentArea) plan.commentKey = plan.valueName + build.commentSuffix;

  if (SINGLE_CHOICE_TYPES.has(type) || MULTI_CHOICE_TYPES.has(type) || type === "imagepicker") {
    const select = selectFacts(question, build, choicesFallback);
    if (select.otherAsComment) plan.commentKey = plan.valueName + build.commentSuffix;
    const multiple =
      MULTI_CHOICE_TYPES.has(type) || (type === "imagepicker" && prop<boolean>(question, "multiSelect"));
    plan.multiple = multiple;
    if (multiple) {
      const vpn = prop<string | undefined>(question, "valuePropertyName") || null;
      const shared = build.sharedPanelKeys.get(plan.valueName) === vpn && vpn !== null;
      plan.valuePropertyName = vpn;
      plan.yieldsSharedValue = shared;
      plan.check = multiChoiceChecker({
        choices: select.choices,
        otherTextAsValue: select.otherTextAsValue,
        exclusive: select.exclusive,
        minSelected: numberOr(prop(question, "minSelectedChoices"), 0),
        maxSelected: numberOr(prop(question, "maxSelectedChoices"), 0),
        valuePropertyName: vpn,
        sharedWithPanel: shared,
      });
    } else {
      plan.check = singleChoiceChecker({
        choices: select.choices,
        otherTextAsValue: select.otherTextAsValue,
      });
    }
  } else {
    switch (type) {
      case "rating": {
        const set = new ChoiceSet(prop<ItemValue[]>(question, "visibleRateValues").map((item) => item.value));
        plan.check = singleChoiceChecker({ choices: () => set, otherTextAsValue: false });
        break;
      }
      case "boolean": {
        const valueTrue = prop(question, "valueTrue") ?? true;
        const valueFalse = prop(question, "valueFalse") ?? false;
        plan.valueTrue = valueTrue;
        const set = new ChoiceSet(
          [valueTrue, valueFalse],
          valueTrue === true && valueFalse === false
            ? "true or false"
            : `${showList([valueTrue, valueFalse])}`,
        );
        plan.check = singleChoiceChecker({ choices: () => set, otherTextAsValue: false });
        break;
      }
      case "ranking": {
        const select = selectFacts(question, build, choicesFallback, true);
        plan.multiple = true;
        plan.check = rankingChecker({
          choices: select.choices,
          subset: prop<boolean>(question, "selectToRankEnabled") === true,
          minSelected: numberOr(prop(question, "minSelectedChoices"), 0),
          maxSelected: numberOr(prop(question, "maxSelectedChoices"), 0),
        });
        break;
      }
      case "text": {
        const inputType = prop<string>(question, "inputType") || "text";
        plan.numeric = isNumericInput(inputType);
        plan.check = textChecker(textOptions(question, inputType));
        // survey-core checks an e-mail input's format even without an explicit email validator.
        if (inputType === "email" && !validators.some((v) => v.getType() === "emailvalidator")) {
          validators.push(new EmailValidator());
        }
        break;
      }
      case "comment":
        plan.check = textChecker(textOptions(question, "text"));
        break;
      case "expression":
        // The survey computes it; whatever the client computed is kept as it is.
        plan.check = acceptAnything;
        break;
      case "file":
        plan.check = fileChecker({
          allowMultiple: prop<boolean>(question, "allowMultiple") === true,
          maxSize: numberOr(prop(question, "maxSize"), 0),
        });
        break;
      case "signaturepad":
        plan.check = signatureChecker(prop<boolean>(question, "storeDataAsText") !== false);
        break;
      case "slider":
        plan.numeric = true;
        plan.check = sliderChecker({
          min: numberOr(prop(question, "min"), 0),
          max: numberOr(prop(question, "max"), 100),
          range: prop(question, "sliderType") === "range",
        });
        break;
      case "matrix":
        plan.multiple = prop<boolean>(question, "isMultiSelect") === true;
        plan.check = matrixChecker(question, plan.multiple);
        break;
      case "matrixdropdown":
      case "matrixdynamic":
        plan.columns = matrixColumns(question, build);
        plan.check =
          type === "matrixdynamic"
            ? matrixDynamicChecker(question, plan.columns, build)
            : matrixDropdownChecker(question, plan.columns, build);
        break;
      case "multipletext":
        plan.columns = multipleTextItems(question);
        plan.check = multipleTextChecker(plan.columns, build);
        break;
      case "paneldynamic": {
        const template = prop<PanelModelBase>(question, "template");
        plan.template = containerPlan(template, 0, build).children;
        plan.check = panelDynamicChecker(question, plan.template, build);
        break;
      }
      default:
        // html/image carry no value; custom component types are kept as sent (their shape is theirs to define).
        plan.check = acceptAnything;
    }
  }
  plan.validators = validatorCheck(validators, null);
}

function textOptions(question: object, inputType: string) {
  const getMaxLength = prop<(() => number | null) | undefined>(question, "getMaxLength");
  const maxLength = getMaxLength
    ? (getMaxLength.call(question) ?? 0)
    : numberOr(prop(question, "maxLength"), 0);
  const bound = (fixedName: string, expressionName: string): Bound => {
    const fixed = prop<unknown>(question, fixedName);
    return {
      fixed: typeof fixed === "number" || (typeof fixed === "string" && fixed !== "") ? fixed : null,
      expression: expressionOf(prop(question, expressionName)),
    };
  };
  const maskType = prop<string | undefined>(question, "maskType");
  return {
    inputType,
    numberAllowed: maskType === "numeric" || maskType === "currency",
    maxLength: numberOr(maxLength, 0),
    min: bound("min", "minValueExpression"),
    max: bound("max", "maxValueExpression"),
  };
}

interface SelectFacts {
  choices: ChoiceSource;
  otherTextAsValue: boolean;
  otherAsComment: boolean;
  exclusive: Set<string>;
}

/** Allowed values of a select question: its choices (static, generated, or from another question) and special items. */
function selectFacts(
  question: Question,
  build: BuildContext,
  fallback: ItemValue[] | null,
  visibleOnly = false,
): SelectFacts {
  const special: unknown[] = [];
  const exclusive = new Set<string>();
  const addSpecial = (flag: string, itemName: string, isExclusive: boolean) => {
    if (prop<boolean>(question, flag) !== true) return;
    const item = prop<ItemValue | undefined>(question, itemName);
    if (!item) return;
    special.push(item.value);
    const key = choiceKey(item.value);
    if (isExclusive && key !== null) exclusive.add(key);
  };
  addSpecial("showOtherItem", "otherItem", false);
  addSpecial("showNoneItem", "noneItem", true);
  addSpecial("showRefuseItem", "refuseItem", true);
  addSpecial("showDontKnowItem", "dontKnowItem", true);
  const showOther = prop<boolean>(question, "showOtherItem") === true;
  const storeSetting = prop<unknown>(question, "storeOthersAsComment");
  const storesAsComment =
    storeSetting === "default" || storeSetting === undefined
      ? prop<boolean>(build.model, "storeOthersAsComment") !== false
      : storeSetting !== false;

  let own = prop<ItemValue[]>(question, "choices") ?? [];
  if (own.length === 0 && fallback) own = fallback;
  for (const item of own) {
    const key = choiceKey(item.value);
    if (prop<boolean>(item, "isExclusive") === true && key !== null) exclusive.add(key);
  }
  const ownValues: unknown[] = own.map((item) => item.value);
  // dropdown choicesMin/choicesMax generate numeric choices on top of the listed ones.
  const min = prop<number | undefined>(question, "choicesMin");
  const max = prop<number | undefined>(question, "choicesMax");
  if (typeof min === "number" && typeof max === "number" && max >= min && (min !== 0 || max !== 0)) {
    const step = numberOr(prop(question, "choicesStep"), 1) || 1;
    for (let n = min; n <= max; n += step) ownValues.push(n);
  }

  const fromName = prop<string | undefined>(question, "choicesFromQuestion");
  let choices: ChoiceSource;
  if (fromName) {
    choices = fromQuestionSource(question, fromName, build, [...ownValues, ...special]);
  } else if (visibleOnly && hasChoiceConditions(question, own)) {
    choices = visibleChoicesSource(question, own, ownValues.slice(own.length), special);
  } else {
    const set = new ChoiceSet([...ownValues, ...special]);
    choices = () => set;
  }
  return {
    choices,
    otherTextAsValue: showOther && !storesAsComment,
    otherAsComment: showOther && storesAsComment,
    exclusive,
  };
}

function hasChoiceConditions(question: Question, own: ItemValue[]): boolean {
  return (
    condition(prop(question, "choicesVisibleIf")) !== null ||
    own.some((item) => condition(prop(item, "visibleIf")))
  );
}

/** Choices with visibleIf (or the question's choicesVisibleIf with {item}): evaluated per answer. */
function visibleChoicesSource(
  question: Question,
  own: ItemValue[],
  generated: unknown[],
  special: unknown[],
): ChoiceSource {
  const all = condition(prop(question, "choicesVisibleIf"));
  const items = own.map((item) => ({ value: item.value, when: condition(prop(item, "visibleIf")) }));
  return (ctx) => {
    const visible: unknown[] = [];
    for (const item of items) {
      if (item.when && !item.when.runValues(ctx.values, ctx.properties)) continue;
      if (all && !all.runValues({ ...ctx.values, item: item.value }, ctx.properties)) continue;
      visible.push(item.value);
    }
    return new ChoiceSet([...visible, ...generated, ...special]);
  };
}

/** choicesFromQuestion: the source's choices, or those it selected / left unselected in this response. */
function fromQuestionSource(
  question: Question,
  fromName: string,
  build: BuildContext,
  own: unknown[],
): ChoiceSource {
  const source = build.model.getQuestionByName(fromName);
  const sourceValues: unknown[] = source
    ? (prop<ItemValue[]>(source, "choices") ?? []).map((item) => item.value)
    : [];
  const sourceKey = source ? source.getValueName() : fromName;
  const mode = prop<string>(question, "choicesFromQuestionMode") || "all";
  if (mode !== "selected" && mode !== "unselected") {
    const set = new ChoiceSet([...sourceValues, ...own]);
    return () => set;
  }
  return (ctx) => {
    const raw = ctx.values[sourceKey];
    const selected = new Set(
      (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(choiceKey).filter((k) => k !== null),
    );
    const picked = sourceValues.filter(
      (value) => selected.has(choiceKey(value) as string) === (mode === "selected"),
    );
    return new ChoiceSet([...picked, ...own]);
  };
}

/** Single matrix: {row: column} (or {row: [columns]} for a checkbox matrix). */
function matrixChecker(question: Question, multiple: boolean): Checker {
  const rows = (prop<ItemValue[]>(question, "rows") ?? []).map((row) => ({
    value: row.value,
    key: choiceKey(row.value) ?? "",
    when: condition(prop(row, "visibleIf")),
  }));
  const rowsVisibleIf = condition(prop(question, "rowsVisibleIf"));
  const rowByKey = new Map(rows.map((row) => [row.key, row]));
  const columns = new ChoiceSet((prop<ItemValue[]>(question, "columns") ?? []).map((column) => column.value));
  const eachRowRequired = prop<boolean>(question, "eachRowRequired") === true;
  const name = question.getValueName();
  return (value, path, ctx) => {
    if (!isPlainObject(value)) {
      return fail(
        ctx,
        path,
        "wrong_type",
        `Answer to "${path}" must be an object with one answer per row, like {"row": column}.`,
      );
    }
    const rowVisible = (row: { value: unknown; when: ConditionRunner | null }) =>
      (row.when === null || row.when.runValues(ctx.values, ctx.properties)) &&
      (rowsVisibleIf === null || rowsVisibleIf.runValues({ ...ctx.values, item: row.value }, ctx.properties));
    const before = ctx.issues.length;
    const kept: Record<string, unknown> = {};
    for (const key in value) {
      const at = `${path}/${key}`;
      const row = rowByKey.get(key);
      if (!row) {
        unknownRow(ctx, at, name);
        continue;
      }
      const cell = value[key];
      if (isEmptyValue(cell) || !rowVisible(row)) continue;
      if (multiple) {
        if (!Array.isArray(cell)) {
          ctx.issues.push({
            path: at,
            code: "wrong_type",
            message: `Answer to "${at}" must be ${columns.describeMany()}.`,
          });
          continue;
        }
        const out: unknown[] = [];
        for (const element of cell) {
          const k = choiceKey(element);
          if (k === null || !columns.byKey.has(k)) {
            ctx.issues.push({
              path: at,
              code: "not_a_choice",
              message: `Answer to "${at}" must be ${columns.describeMany()}.`,
            });
            break;
          }
          out.push(columns.byKey.get(k));
        }
        kept[key] = out;
        continue;
      }
      const k = choiceKey(cell);
      if (k === null || !columns.byKey.has(k)) {
        const code =
          k === null
            ? "wrong_type"
            : columns.range !== null && typeof cell === "number"
              ? "out_of_range"
              : "not_a_choice";
        ctx.issues.push({ path: at, code, message: `Answer to "${at}" must be ${columns.describeOne()}.` });
        continue;
      }
      kept[key] = columns.byKey.get(k);
    }
    if (eachRowRequired) {
      for (const row of rows) {
        if (!isEmptyValue(value[row.key]) || !rowVisible(row)) continue;
        const at = `${path}/${row.key}`;
        ctx.issues.push({
          path: at,
          code: "required",
          message: `Every row of "${name}" must be answered; "${at}" has none.`,
        });
      }
    }
    return ctx.issues.length > before ? INVALID : kept;
  };
}

/** Rows of a dynamic matrix or panels of a dynamic panel: a list within its min/max count (0 = no maximum). */
function checkListLength(
  value: unknown,
  path: string,
  ctx: CheckContext,
  noun: "row" | "panel",
  each: string,
  min: number,
  max: number,
): unknown[] | typeof INVALID {
  if (!Array.isArray(value)) {
    return fail(ctx, path, "wrong_type", `Answer to "${path}" must be a list of ${noun}s, each ${each}.`);
  }
  if (max > 0 && value.length > max) {
    const message = `Answer to "${path}" may have at most ${plural(max, noun)}; it has ${value.length}.`;
    return fail(ctx, path, `too_many_${noun}s`, message);
  }
  if (value.length < min) {
    const message = `Answer to "${path}" needs at least ${plural(min, noun)}; it has ${value.length}.`;
    return fail(ctx, path, `too_few_${noun}s`, message);
  }
  return value;
}

function unknownRow(ctx: CheckContext, at: string, matrix: string): void {
  ctx.issues.push({
    path: at,
    code: "unknown_key",
    message: `"${at}" is not a row of "${matrix}"; remove it.`,
  });
}

function fail(ctx: CheckContext, path: string, code: string, message: string): typeof INVALID {
  ctx.issues.push({ path, code, message });
  return INVALID;
}

/** Columns of a matrix dropdown/dynamic as fields of a per-row scope; a cell question carries the column's rules. */
function matrixColumns(matrix: Question, build: BuildContext): QuestionPlan[] {
  const shared = prop<ItemValue[]>(matrix, "choices") ?? [];
  return (prop<object[]>(matrix, "columns") ?? []).map((column) => {
    const cell = prop<Question>(column, "templateQuestion");
    const plan = basePlan(cell, 0, column);
    configure(plan, cell, build, shared);
    return plan;
  });
}

function multipleTextItems(question: Question): QuestionPlan[] {
  return (prop<object[]>(question, "items") ?? []).map((item) => {
    const editor = prop<Question>(item, "editor");
    const plan = basePlan(editor, 0, item);
    plan.type = "text";
    const inputType = prop<string>(item, "inputType") || "text";
    plan.numeric = isNumericInput(inputType);
    plan.check = textChecker(textOptions(editor, inputType));
    const validators = (prop<SurveyValidator[] | undefined>(item, "validators") ?? []).slice();
    if (inputType === "email" && !validators.some((v) => v.getType() === "emailvalidator")) {
      validators.push(new EmailValidator());
    }
    plan.validators = validatorCheck(validators, null);
    return plan;
  });
}

function ownedBy(fields: readonly QuestionPlan[]): Set<string> {
  return new Set(fields.map((field) => field.valueName));
}

const NO_KEYS: ReadonlySet<string> = new Set();

function rowScope(
  columns: QuestionPlan[],
  row: Record<string, unknown>,
  values: Record<string, unknown>,
  prefix: string,
  ctx: CheckContext,
  build: BuildContext,
  owned: ReadonlySet<string>,
): Record<string, unknown> {
  return validateScope(columns, row, {
    ctx: { issues: ctx.issues, values, properties: ctx.properties },
    prefix,
    commentSuffix: build.commentSuffix,
    visibleOverride: null,
    completedAtPage: Number.POSITIVE_INFINITY,
    extraKeys: NO_KEYS,
    ownedKeys: owned,
  });
}

/** Matrix dropdown: {row: {column: cell}}; each row is checked with {row.x} conditions of its own. */
function matrixDropdownChecker(matrix: Question, columns: QuestionPlan[], build: BuildContext): Checker {
  const rows = new Map(
    (prop<ItemValue[]>(matrix, "rows") ?? []).map((row) => [
      choiceKey(row.value) ?? "",
      condition(prop(row, "visibleIf")),
    ]),
  );
  const owned = ownedBy(columns);
  const name = matrix.getValueName();
  return (value, path, ctx) => {
    if (!isPlainObject(value)) {
      return fail(
        ctx,
        path,
        "wrong_type",
        `Answer to "${path}" must be an object with one object of answers per row.`,
      );
    }
    const before = ctx.issues.length;
    const kept: Record<string, unknown> = {};
    for (const key in value) {
      const at = `${path}/${key}`;
      if (!rows.has(key)) {
        unknownRow(ctx, at, name);
        continue;
      }
      const row = value[key];
      if (isEmptyValue(row)) continue;
      if (!isPlainObject(row)) {
        ctx.issues.push({
          path: at,
          code: "wrong_type",
          message: `"${at}" must be an object of answers by column.`,
        });
        continue;
      }
      const when = rows.get(key);
      if (when && !when.runValues(ctx.values, ctx.properties)) continue;
      const values = { ...ctx.values, row, rowValue: key, rowName: key };
      const out = rowScope(columns, row, values, `${at}/`, ctx, build, owned);
      if (!isEmptyValue(out)) kept[key] = out;
    }
    return ctx.issues.length > before ? INVALID : kept;
  };
}

/** Matrix dynamic: a list of row objects, between minRowCount and maxRowCount long. */
function matrixDynamicChecker(matrix: Question, columns: QuestionPlan[], build: BuildContext): Checker {
  const minRows = numberOr(prop(matrix, "minRowCount"), 0);
  const maxRows = numberOr(prop(matrix, "maxRowCount"), 0);
  const owned = ownedBy(columns);
  return (value, path, ctx) => {
    const counted = checkListLength(
      value,
      path,
      ctx,
      "row",
      "an object of answers by column",
      minRows,
      maxRows,
    );
    if (counted === INVALID) return INVALID;
    const before = ctx.issues.length;
    const kept = counted.map((row, index) => {
      const at = `${path}[${index}]`;
      if (!isPlainObject(row)) {
        fail(ctx, at, "wrong_type", `"${at}" must be an object of answers by column.`);
        return {};
      }
      const values = { ...ctx.values, row, rowIndex: index + 1 };
      return rowScope(columns, row, values, `${at}/`, ctx, build, owned);
    });
    return ctx.issues.length > before ? INVALID : kept;
  };
}

function multipleTextChecker(items: QuestionPlan[], build: BuildContext): Checker {
  const owned = ownedBy(items);
  return (value, path, ctx) => {
    if (!isPlainObject(value)) {
      return fail(ctx, path, "wrong_type", `Answer to "${path}" must be an object with one answer per item.`);
    }
    const before = ctx.issues.length;
    const kept = rowScope(items, value, ctx.values, `${path}/`, ctx, build, owned);
    return ctx.issues.length > before ? INVALID : kept;
  };
}

/** Dynamic panel: a list of objects, each checked against the template with its own {panel.x} conditions. */
function panelDynamicChecker(question: Question, template: ElementPlan[], build: BuildContext): Checker {
  const minPanels = numberOr(prop(question, "minPanelCount"), 0);
  const maxPanels = numberOr(prop(question, "maxPanelCount"), 0);
  const owned = new Set<string>();
  const collect = (elements: readonly ElementPlan[]) => {
    for (const element of elements) {
      if (element.kind === "container") collect(element.children);
      else if (element.hasValue) owned.add(element.valueName);
    }
  };
  collect(template);
  const sharedKey = build.sharedPanelKeys.get(question.getValueName());
  const extraKeys: ReadonlySet<string> = sharedKey ? new Set([sharedKey]) : NO_KEYS;
  return (value, path, ctx) => {
    const counted = checkListLength(value, path, ctx, "panel", "an object of answers", minPanels, maxPanels);
    if (counted === INVALID) return INVALID;
    const before = ctx.issues.length;
    const kept = counted.map((panel, index) => {
      const at = `${path}[${index}]`;
      if (!isPlainObject(panel)) {
        fail(ctx, at, "wrong_type", `"${at}" must be an object of answers.`);
        return {};
      }
      const values = { ...ctx.values, panel, panelIndex: index, parentPanel: ctx.values.panel };
      return validateScope(template, panel, {
        ctx: { issues: ctx.issues, values, properties: ctx.properties },
        prefix: `${at}/`,
        commentSuffix: build.commentSuffix,
        visibleOverride: null,
        completedAtPage: Number.POSITIVE_INFINITY,
        extraKeys,
        ownedKeys: owned,
      });
    });
    return ctx.issues.length > before ? INVALID : kept;
  };
}
