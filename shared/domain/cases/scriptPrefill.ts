/**
 * Prefills of the handling script (issue 10, decision 0025): where a step's
 * field may take its starting value from, as script data rather than code.
 *
 *   "prefill": "intake.account"      the intake's account (text)
 *   "prefill": "deadline.result"     the case's derived result deadline (datetime)
 *   "prefill": "me.name"             the signed-in clerk's name (text)
 *   "prefill": "step.4.proposal"     a field recorded at an EARLIER step (same kind family)
 *   "prefill": { "value": "accept" } a constant, valid for the field (never a mustBeTrue box)
 *   "prefill": "case.escalated"      whether the case is escalated (boolean; issue 12)
 *   "prefill": "case.escalationCause" the root cause of its latest escalation (a choice
 *                                    offering every root cause; issue 12)
 *
 * A prefilled value is only a starting point: the clerk sees it (marked as
 * prefilled), may change it, and the step's event carries it explicitly like
 * a typed value. Validated at load (`prefillIssues`), resolved in the renderer
 * (`resolvePrefill`). Runtime-neutral: no Node, no DOM.
 *
 * Read-only fields (issue 12, `"readOnly": true`) are the exception: the case's
 * own facts, shown in the step but not the clerk's to state. A read-only field
 * takes a `case.*` prefill (and a `case.*` prefill needs a read-only field);
 * the renderer shows the case's value and offers no way to change it, and the
 * desk core writes the case's value into the step's event whatever was sent
 * (`withCaseValues`), so the record is complete and always agrees with the
 * case at the moment it was recorded (docs/escalation-and-malice.md).
 */
import { z } from 'zod';
import { ROOT_CAUSES, type FieldValue, type RootCause } from './payloads';

// Structural views of script.ts's types (which import this file: no circle).
type FieldKind = 'boolean' | 'text' | 'longtext' | 'choice' | 'datetime' | 'number';
interface PrefillField {
  key: string;
  kind: FieldKind;
  required?: boolean | undefined;
  mustBeTrue?: boolean | undefined;
  readOnly?: boolean | undefined;
  prefill?: Prefill | undefined;
}
interface PrefillScript {
  steps: readonly { step: number; fields: readonly PrefillField[] }[];
}
/** The options a choice field offers (scriptRules.optionsFor). */
type OptionsOf = (field: PrefillField) => readonly { value: string }[];

export const PREFILL_SOURCES = [
  'intake.account',
  'deadline.result',
  'me.name',
  'case.escalated',
  'case.escalationCause',
] as const;
type Source = (typeof PREFILL_SOURCES)[number];
/** The sources that read the case's own facts: only read-only fields take them. */
export const CASE_SOURCES = ['case.escalated', 'case.escalationCause'] as const satisfies readonly Source[];
type CaseSource = (typeof CASE_SOURCES)[number];
function isCaseSource(p: Prefill | undefined): p is CaseSource {
  return typeof p === 'string' && (CASE_SOURCES as readonly string[]).includes(p);
}
function isSource(p: string): p is Source {
  return (PREFILL_SOURCES as readonly string[]).includes(p);
}
const STEP_REF = /^step\.([1-6])\.([a-z][A-Za-z0-9]*)$/;

export const Prefill = z.union([
  z.enum(PREFILL_SOURCES),
  z.string().regex(STEP_REF, 'a step prefill reads "step.<n>.<fieldKey>"'),
  z.object({ value: z.union([z.string(), z.number(), z.boolean()]) }).strict(),
]);
export type Prefill = z.infer<typeof Prefill>;

const TEXT: readonly FieldKind[] = ['text', 'longtext'];
/** The kinds a named source can fill. */
const SOURCE_KINDS: Record<Source, readonly FieldKind[]> = {
  'intake.account': TEXT,
  'deadline.result': ['datetime'],
  'me.name': TEXT,
  'case.escalated': ['boolean'],
  'case.escalationCause': ['choice'],
};

function sameFamily(a: FieldKind, b: FieldKind): boolean {
  return a === b || (TEXT.includes(a) && TEXT.includes(b));
}

export interface PrefillIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Problems with the script's prefills that the field schema cannot see alone:
 * a source for the wrong kind, a step reference to a later step or a missing
 * field, a constant that is not a valid value (e.g. not one of the choices),
 * a prefill on a must-tick box (that is attested by the record action, never
 * preset), a read-only field without a `case.*` prefill (or required), a
 * `case.*` prefill on a field the clerk could change, a cause choice missing
 * a root cause. Empty when every prefill is sound.
 */
export function prefillIssues(script: PrefillScript, optionsOf: OptionsOf): PrefillIssue[] {
  const issues: PrefillIssue[] = [];
  script.steps.forEach((step, si) =>
    step.fields.forEach((field, fi) => {
      const at = ['steps', si, 'fields', fi];
      const readOnly = readOnlyProblem(field);
      if (readOnly) issues.push({ path: [...at, 'readOnly'], message: readOnly });
      const p = field.prefill;
      if (p === undefined) return;
      const problem = prefillProblem(script, optionsOf, step.step, field, p);
      if (problem) issues.push({ path: [...at, 'prefill'], message: problem });
    }),
  );
  return issues;
}

function readOnlyProblem(field: PrefillField): string | null {
  if (field.readOnly !== true) return null;
  if (!isCaseSource(field.prefill)) {
    return `a read-only field shows the case's own value: give it one of ${CASE_SOURCES.map((c) => `"${c}"`).join(', ')} as its prefill`;
  }
  if (field.required === true) return 'a read-only field is filled from the case and cannot be required';
  return null;
}

function prefillProblem(
  script: PrefillScript,
  optionsOf: OptionsOf,
  stepNo: number,
  field: PrefillField,
  p: Prefill,
): string | null {
  if (field.mustBeTrue) return 'a mustBeTrue box is attested by the record action and takes no prefill';
  if (typeof p === 'object') return constantProblem(optionsOf, field, p.value);
  if (isSource(p)) {
    const kinds = SOURCE_KINDS[p];
    if (!kinds.includes(field.kind)) return `"${p}" can only fill a ${kinds.join(' or ')} field`;
    if (isCaseSource(p) && field.readOnly !== true) {
      return `"${p}" is the case's own fact, not the clerk's to change: mark the field "readOnly": true`;
    }
    if (p === 'case.escalationCause') {
      const values = new Set(optionsOf(field).map((o) => o.value));
      const missing = ROOT_CAUSES.filter((c) => !values.has(c));
      if (missing.length > 0)
        return `"${field.key}" must offer every root cause; missing ${missing.join(', ')}`;
    }
    return null;
  }
  const m = STEP_REF.exec(p);
  const n = Number(m?.[1]);
  const key = m?.[2] ?? '';
  if (!(n < stepNo)) return `"${p}" must refer to an earlier step than step ${stepNo}`;
  const source = script.steps.find((s) => s.step === n)?.fields.find((f) => f.key === key);
  if (!source) return `step ${n} has no field "${key}"`;
  if (!sameFamily(source.kind, field.kind)) {
    return `"${p}" is a ${source.kind} field and cannot fill a ${field.kind} field`;
  }
  return null;
}

function constantProblem(
  optionsOf: OptionsOf,
  field: PrefillField,
  v: string | number | boolean,
): string | null {
  switch (field.kind) {
    case 'choice': {
      const options = optionsOf(field);
      return typeof v === 'string' && options.some((o) => o.value === v)
        ? null
        : `${JSON.stringify(v)} is not one of the choices of "${field.key}"`;
    }
    case 'boolean':
      return typeof v === 'boolean' ? null : `"${field.key}" is a box: its prefill is true or false`;
    case 'number':
      return typeof v === 'number' ? null : `"${field.key}" takes a number`;
    case 'text':
    case 'longtext':
      return typeof v === 'string' ? null : `"${field.key}" takes text`;
    case 'datetime':
      return 'a datetime field cannot have a constant prefill (use "deadline.result" or a step field)';
  }
}

/** What the renderer knows when a step form opens. */
export interface PrefillContext {
  account: string;
  /** The derived result deadline (ISO), when known. */
  resultDeadline: string | null;
  meName: string | null;
  /** Recorded steps: step number -> fields. */
  steps: Readonly<Record<string, Readonly<Record<string, FieldValue>> | undefined>>;
  /** The case's escalation (state.escalation or the detail's; issue 12). Absent or null: at the counter. */
  escalation?: CaseEscalationFacts | null | undefined;
}

/** What the `case.*` sources read of a case's escalation: its steps (levels only go up), oldest first. */
export interface CaseEscalationFacts {
  steps: readonly { rootCause: RootCause }[];
}

/** The value of a `case.*` source: a box is always true or false, a cause null when there is none. */
function caseValue(p: CaseSource, escalation: CaseEscalationFacts | null | undefined): FieldValue {
  const steps = escalation?.steps ?? [];
  if (p === 'case.escalated') return steps.length > 0;
  return steps.at(-1)?.rootCause ?? null;
}

/** The starting value of `field`, or undefined when it has no prefill or the source is empty. */
export function resolvePrefill(field: PrefillField, ctx: PrefillContext): FieldValue | undefined {
  const p = field.prefill;
  if (p === undefined || field.mustBeTrue) return undefined;
  if (typeof p === 'object') return p.value;
  const value = ((): FieldValue | undefined => {
    if (isCaseSource(p)) return caseValue(p, ctx.escalation);
    if (p === 'intake.account') return ctx.account;
    if (p === 'deadline.result') return ctx.resultDeadline;
    if (p === 'me.name') return ctx.meName;
    const m = STEP_REF.exec(p);
    return m ? ctx.steps[m[1] ?? '']?.[m[2] ?? ''] : undefined;
  })();
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    return undefined;
  }
  return value;
}

/** True when the clerk cannot change `field`: its value is the case's (`readOnly` with a `case.*` prefill). */
export function isReadOnly(field: PrefillField): boolean {
  return field.readOnly === true && isCaseSource(field.prefill);
}

/**
 * `values` with every read-only field of the step set to the case's value
 * (a cause with none left out), whatever was sent: what the desk core
 * records, and what the renderer shows and sends.
 */
export function withCaseValues(
  fields: readonly PrefillField[],
  values: Readonly<Record<string, FieldValue>>,
  escalation: CaseEscalationFacts | null | undefined,
): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = { ...values };
  for (const f of fields) {
    if (f.readOnly !== true || !isCaseSource(f.prefill)) continue;
    const v = caseValue(f.prefill, escalation);
    if (v === null) delete out[f.key];
    else out[f.key] = v;
  }
  return out;
}
