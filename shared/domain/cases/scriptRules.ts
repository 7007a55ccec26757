/**
 * Rules that read the handling script and the taxonomy: option lists, per-step
 * capture checks, forbidden-word hints, labels. Used by the desk core (to refuse
 * an incomplete step) and by the renderer (to show the same messages inline), so
 * both sides judge a capture the same way.
 *
 * Runtime-neutral: no Node, no DOM.
 */
import { z } from 'zod';
import { LIMITS } from '../kernel/limits';
import { type FieldValue } from './payloads';
import { localize, type Locale, type LocalizedText } from '../kernel/locale';
import {
  type CategoryNode,
  type ForbiddenWord,
  type HandlingScript,
  type Option,
  type ScriptField,
  type ScriptStep,
  type Taxonomy,
} from './script';
import { prefillIssues } from './scriptPrefill';

// ---------------------------------------------------------------- text helpers

/** Localized title of step `n` (1-6); a plain "第 n 步" / "Step n" if the script has no such step. */
export function stepTitle(script: HandlingScript, n: number, locale: Locale): string {
  const step = script.steps.find((s) => s.step === n);
  if (step) return localize(step.title, locale);
  return locale === 'en' ? `Step ${n}` : `第 ${n} 步`;
}

/** The step with number `n`, if the script has one. */
export function findStep(script: HandlingScript, n: number): ScriptStep | undefined {
  return script.steps.find((s) => s.step === n);
}

// ---------------------------------------------------------------- options

/** The options a choice field offers: its inline list, or the taxonomy list it names. */
export function optionsFor(field: ScriptField, taxonomy: Taxonomy): Option[] {
  if (field.options) return field.options;
  if (field.optionsFrom) {
    // Severities carry extra data (description, dueHours); callers only need value + label.
    return taxonomy[field.optionsFrom].map((o) => ({ value: o.value, label: o.label }));
  }
  return [];
}

// ---------------------------------------------------------------- categories

export interface FlatCategory {
  value: string;
  label: LocalizedText;
  /** 0 for top-level nodes. */
  depth: number;
  /** Value of the parent node, null for top-level nodes. */
  parent: string | null;
  /** Values from the root down to and including this node. */
  path: string[];
  /** True when the node has no children. */
  leaf: boolean;
}

/** Every node of the category tree, depth-first in document order. */
export function flattenCategories(taxonomy: Taxonomy): FlatCategory[] {
  const out: FlatCategory[] = [];
  const walk = (nodes: CategoryNode[], parentPath: string[]): void => {
    for (const node of nodes) {
      const path = [...parentPath, node.value];
      out.push({
        value: node.value,
        label: node.label,
        depth: parentPath.length,
        parent: parentPath.length > 0 ? (parentPath[parentPath.length - 1] ?? null) : null,
        path,
        leaf: !node.children || node.children.length === 0,
      });
      if (node.children) walk(node.children, path);
    }
  };
  walk(taxonomy.categories, []);
  return out;
}

/**
 * Localized label of the category `value`, wherever it sits in the tree. An
 * unknown value (e.g. from a newer taxonomy on another desk) is returned as is,
 * so the UI still shows something recognisable.
 */
export function categoryLabel(taxonomy: Taxonomy, value: string, locale: Locale): string {
  const node = flattenCategories(taxonomy).find((c) => c.value === value);
  return node ? localize(node.label, locale) : value;
}

/** "保险 / 理赔柜面" style label with the ancestors; unknown values are returned as is. */
export function categoryPathLabel(taxonomy: Taxonomy, value: string, locale: Locale): string {
  const flat = flattenCategories(taxonomy);
  const node = flat.find((c) => c.value === value);
  if (!node) return value;
  return node.path
    .map((v) => flat.find((c) => c.value === v))
    .filter((c): c is FlatCategory => c !== undefined)
    .map((c) => localize(c.label, locale))
    .join(' / ');
}

// ---------------------------------------------------------------- forbidden words

/** The forbidden words (e.g. 赔偿) that occur in `text`, each once, in script order. */
export function findForbiddenWords(text: string, script: HandlingScript): ForbiddenWord[] {
  if (!text) return [];
  const haystack = text.toLowerCase();
  return script.forbiddenWords.filter((fw) => haystack.includes(fw.word.toLowerCase()));
}

// ---------------------------------------------------------------- step validation

/** Same rule as the contract's ISO instants: date, time with seconds, and a Z or ±hh:mm offset. */
const isoInstant = z.iso.datetime({ offset: true });

/** Character limit of a text field, as the script sets it or by kind. */
export function maxLengthOf(field: ScriptField): number | undefined {
  if (field.maxLength !== undefined) return field.maxLength;
  if (field.kind === 'text') return LIMITS.shortText;
  if (field.kind === 'longtext') return LIMITS.longText;
  return undefined;
}

const MSG = {
  unknownField: (key: string): LocalizedText => ({
    'zh-CN': `这一步没有“${key}”这一项，请刷新页面后重新填写`,
    en: `This step has no field "${key}"; reload the page and fill the step in again`,
  }),
  tickFirst: (label: string): LocalizedText => ({
    'zh-CN': `请先勾选“${label}”`,
    en: `Tick "${label}" first`,
  }),
  fillIn: (label: string): LocalizedText => ({ 'zh-CN': `请填写“${label}”`, en: `Fill in "${label}"` }),
  choose: (label: string): LocalizedText => ({
    'zh-CN': `请选择“${label}”`,
    en: `Choose an option for "${label}"`,
  }),
  pickDate: (label: string): LocalizedText => ({
    'zh-CN': `请选择“${label}”的日期和时间`,
    en: `Pick a date and time for "${label}"`,
  }),
  notBoolean: (label: string): LocalizedText => ({
    'zh-CN': `“${label}”只能勾选或不勾选`,
    en: `"${label}" can only be ticked or left unticked`,
  }),
  notNumber: (label: string): LocalizedText => ({
    'zh-CN': `“${label}”请填写数字`,
    en: `Enter a number for "${label}"`,
  }),
  notText: (label: string): LocalizedText => ({
    'zh-CN': `“${label}”请填写文字`,
    en: `Enter text for "${label}"`,
  }),
  badChoice: (label: string, value: string): LocalizedText => ({
    'zh-CN': `“${label}”没有“${value}”这个选项，请从列表中选择`,
    en: `"${value}" is not one of the choices for "${label}"; pick one from the list`,
  }),
  badDate: (label: string): LocalizedText => ({
    'zh-CN': `“${label}”不是有效的日期时间，请用日期选择器重新选择`,
    en: `"${label}" is not a valid date and time; pick it again with the date picker`,
  }),
  tooLong: (label: string, max: number, now: number): LocalizedText => ({
    'zh-CN': `“${label}”最多 ${max} 个字，现在是 ${now} 个字，请精简`,
    en: `"${label}" can be at most ${max} characters (now ${now}); please shorten it`,
  }),
};

function isBlank(v: FieldValue | undefined): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function missingMessage(field: ScriptField, label: string): LocalizedText {
  switch (field.kind) {
    case 'boolean':
      return MSG.tickFirst(label);
    case 'choice':
      return MSG.choose(label);
    case 'datetime':
      return MSG.pickDate(label);
    default:
      return MSG.fillIn(label);
  }
}

/** The problem with one field's value, or null when it is acceptable. */
function checkField(
  field: ScriptField,
  value: FieldValue | undefined,
  taxonomy: Taxonomy,
  locale: Locale,
): LocalizedText | null {
  const label = localize(field.label, locale);

  if (isBlank(value)) {
    if (field.required || field.mustBeTrue) return missingMessage(field, label);
    return null;
  }

  switch (field.kind) {
    case 'boolean':
      if (typeof value !== 'boolean') return MSG.notBoolean(label);
      if (field.mustBeTrue && value !== true) return MSG.tickFirst(label);
      return null;

    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return MSG.notNumber(label);
      return null;

    case 'choice': {
      if (typeof value !== 'string') return MSG.choose(label);
      const options = optionsFor(field, taxonomy);
      if (!options.some((o) => o.value === value)) return MSG.badChoice(label, value);
      return null;
    }

    case 'datetime':
      if (typeof value !== 'string' || !isoInstant.safeParse(value).success) return MSG.badDate(label);
      return null;

    case 'text':
    case 'longtext': {
      if (typeof value !== 'string') return MSG.notText(label);
      // Counted like the contract's zod `.max()` (UTF-16 units) so one limit means one thing.
      const max = maxLengthOf(field);
      if (max !== undefined && value.length > max) return MSG.tooLong(label, max, value.length);
      return null;
    }
  }
}

/**
 * Check the fields captured for one step against the script.
 *
 * Returns field key -> message in `locale` for every problem; an empty object
 * means the step may be recorded. Problems: a key the step does not define, a
 * required field missing or blank, a must-tick box not ticked, a value of the
 * wrong type for its kind, a choice outside its options, a datetime that is not
 * an ISO-8601 instant with offset, a text over its length limit. Optional fields
 * may be absent, null or blank.
 */
export function validateStepFields(
  step: ScriptStep,
  fields: Record<string, FieldValue>,
  taxonomy: Taxonomy,
  locale: Locale,
): Record<string, string> {
  const problems: Record<string, string> = {};
  const known = new Map(step.fields.map((f) => [f.key, f] as const));

  for (const key of Object.keys(fields)) {
    if (!known.has(key)) problems[key] = localize(MSG.unknownField(key), locale);
  }

  for (const field of step.fields) {
    const value = Object.prototype.hasOwnProperty.call(fields, field.key) ? fields[field.key] : undefined;
    const problem = checkField(field, value, taxonomy, locale);
    if (problem) problems[field.key] = localize(problem, locale);
  }

  return problems;
}

/** The customer-facing text fields of a step: where the UI checks for forbidden words. */
export function customerFacingFields(step: ScriptStep): ScriptField[] {
  return step.fields.filter((f) => f.customerFacing === true && (f.kind === 'text' || f.kind === 'longtext'));
}

// ---------------------------------------------------------------- cross-checks

export interface ResourceIssue {
  /** Which resource the problem is in. */
  resource: 'script' | 'taxonomy';
  /** Path inside that resource, e.g. ['steps', 2, 'fields', 0, 'optionsFrom']. */
  path: (string | number)[];
  message: string;
}

/**
 * Checks that need both resources or the whole document, beyond what the zod
 * schemas see: option lists a field refers to exist and are not empty, step
 * keys and field keys are unique across the script (reports flatten the steps
 * into one column per field key), option and category values are unique.
 */
export function crossCheckResources(script: HandlingScript, taxonomy: Taxonomy): ResourceIssue[] {
  const issues: ResourceIssue[] = [];

  const stepKeys = new Map<string, number>();
  const fieldKeys = new Map<string, string>();
  script.steps.forEach((step, si) => {
    const prevStep = stepKeys.get(step.key);
    if (prevStep !== undefined) {
      issues.push({
        resource: 'script',
        path: ['steps', si, 'key'],
        message: `duplicate step key "${step.key}" (also used by steps[${prevStep}])`,
      });
    } else {
      stepKeys.set(step.key, si);
    }

    step.fields.forEach((field, fi) => {
      const here = `steps[${si}].fields[${fi}]`;
      const prev = fieldKeys.get(field.key);
      if (prev !== undefined && !prev.startsWith(`steps[${si}].`)) {
        issues.push({
          resource: 'script',
          path: ['steps', si, 'fields', fi, 'key'],
          message: `field key "${field.key}" is already used by ${prev}; field keys must be unique across the script`,
        });
      } else if (prev === undefined) {
        fieldKeys.set(field.key, here);
      }

      if (field.optionsFrom) {
        const list = (taxonomy as Partial<Taxonomy>)[field.optionsFrom];
        if (!Array.isArray(list) || list.length === 0) {
          issues.push({
            resource: 'script',
            path: ['steps', si, 'fields', fi, 'optionsFrom'],
            message: `taxonomy list "${field.optionsFrom}" is missing or empty`,
          });
        }
      }
      if (field.options) {
        duplicateValues(field.options).forEach(([value, i]) =>
          issues.push({
            resource: 'script',
            path: ['steps', si, 'fields', fi, 'options', i, 'value'],
            message: `duplicate option value "${value}"`,
          }),
        );
      }
    });
  });

  const byKey = new Map(script.steps.flatMap((st) => st.fields.map((f) => [f.key, f] as const)));
  const optionsOfKey = (f: { key: string }): Option[] => {
    const full = byKey.get(f.key);
    return full ? optionsFor(full, taxonomy) : [];
  };
  for (const i of prefillIssues(script, optionsOfKey)) issues.push({ resource: 'script', ...i });

  for (const list of ['channels', 'severities', 'complainantTypes', 'natures'] as const) {
    duplicateValues(taxonomy[list]).forEach(([value, i]) =>
      issues.push({ resource: 'taxonomy', path: [list, i, 'value'], message: `duplicate value "${value}"` }),
    );
  }

  const seenCategory = new Set<string>();
  const walk = (nodes: CategoryNode[], path: (string | number)[]): void => {
    nodes.forEach((node, i) => {
      if (seenCategory.has(node.value)) {
        issues.push({
          resource: 'taxonomy',
          path: [...path, i, 'value'],
          message: `duplicate category value "${node.value}"; values must be unique across the whole tree`,
        });
      }
      seenCategory.add(node.value);
      if (node.children) walk(node.children, [...path, i, 'children']);
    });
  };
  walk(taxonomy.categories, ['categories']);

  return issues;
}

function duplicateValues(options: readonly { value: string }[]): [string, number][] {
  const seen = new Set<string>();
  const dups: [string, number][] = [];
  options.forEach((o, i) => {
    if (seen.has(o.value)) dups.push([o.value, i]);
    seen.add(o.value);
  });
  return dups;
}
