/**
 * Prefills of the handling script (issue 10, decision 0025): where a step's
 * field may take its starting value from, as script data rather than code.
 *
 *   "prefill": "intake.account"      the intake's account (text)
 *   "prefill": "deadline.result"     the case's derived result deadline (datetime)
 *   "prefill": "me.name"             the signed-in clerk's name (text)
 *   "prefill": "step.4.proposal"     a field recorded at an EARLIER step (same kind family)
 *   "prefill": { "value": "accept" } a constant, valid for the field (never a mustBeTrue box)
 *
 * A prefilled value is only a starting point: the clerk sees it (marked as
 * prefilled), may change it, and the step's event carries it explicitly like
 * a typed value. Validated at load (`prefillIssues`), resolved in the renderer
 * (`resolvePrefill`). Runtime-neutral: no Node, no DOM.
 */
import { z } from 'zod';
import type { FieldValue } from './payloads';

// Structural views of script.ts's types (which import this file: no circle).
type FieldKind = 'boolean' | 'text' | 'longtext' | 'choice' | 'datetime' | 'number';
interface PrefillField {
  key: string;
  kind: FieldKind;
  mustBeTrue?: boolean | undefined;
  prefill?: Prefill | undefined;
}
interface PrefillScript {
  steps: readonly { step: number; fields: readonly PrefillField[] }[];
}
/** The options a choice field offers (scriptRules.optionsFor). */
type OptionsOf = (field: PrefillField) => readonly { value: string }[];

export const PREFILL_SOURCES = ['intake.account', 'deadline.result', 'me.name'] as const;
const STEP_REF = /^step\.([1-6])\.([a-z][A-Za-z0-9]*)$/;

export const Prefill = z.union([
  z.enum(PREFILL_SOURCES),
  z.string().regex(STEP_REF, 'a step prefill reads "step.<n>.<fieldKey>"'),
  z.object({ value: z.union([z.string(), z.number(), z.boolean()]) }).strict(),
]);
export type Prefill = z.infer<typeof Prefill>;

const TEXT: readonly FieldKind[] = ['text', 'longtext'];
/** The kinds a named source can fill. */
const SOURCE_KINDS: Record<(typeof PREFILL_SOURCES)[number], readonly FieldKind[]> = {
  'intake.account': TEXT,
  'deadline.result': ['datetime'],
  'me.name': TEXT,
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
 * preset). Empty when every prefill is sound.
 */
export function prefillIssues(script: PrefillScript, optionsOf: OptionsOf): PrefillIssue[] {
  const issues: PrefillIssue[] = [];
  script.steps.forEach((step, si) =>
    step.fields.forEach((field, fi) => {
      const p = field.prefill;
      if (p === undefined) return;
      const path = ['steps', si, 'fields', fi, 'prefill'];
      const problem = prefillProblem(script, optionsOf, step.step, field, p);
      if (problem) issues.push({ path, message: problem });
    }),
  );
  return issues;
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
  if (p === 'intake.account' || p === 'deadline.result' || p === 'me.name') {
    const kinds = SOURCE_KINDS[p];
    return kinds.includes(field.kind) ? null : `"${p}" can only fill a ${kinds.join(' or ')} field`;
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
}

/** The starting value of `field`, or undefined when it has no prefill or the source is empty. */
export function resolvePrefill(field: PrefillField, ctx: PrefillContext): FieldValue | undefined {
  const p = field.prefill;
  if (p === undefined || field.mustBeTrue) return undefined;
  if (typeof p === 'object') return p.value;
  const value = ((): FieldValue | undefined => {
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
