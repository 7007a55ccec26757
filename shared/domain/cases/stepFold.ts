/**
 * The six steps' bookkeeping in the case fold (./fold.ts records a step): the
 * captured fields in canonical order, the first recording's HLC per step, and
 * the lowest step not yet recorded. Pure.
 */
import { STEP_NUMBERS, type FieldValue, type StepNumber } from './payloads';
import type { CaseState } from './state';

/** Lowest step 1..6 not yet recorded, or null when all six are. */
export function nextOpenStep(steps: CaseState['steps']): StepNumber | null {
  for (const n of STEP_NUMBERS) {
    if (steps[n] === undefined) return n;
  }
  return null;
}

/** The captured fields with their keys in canonical (sorted) order. */
export function sortedFields(fields: Record<string, FieldValue>): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const k of Object.keys(fields).sort()) out[k] = fields[k] as FieldValue;
  return out;
}

/** stepHlc with `step` set, keys in step order (= canonical order: one digit each). */
export function withStepHlc(
  stepHlc: CaseState['stepHlc'],
  step: StepNumber,
  hlc: string,
): CaseState['stepHlc'] {
  const out: CaseState['stepHlc'] = {};
  for (const n of STEP_NUMBERS) {
    const h = n === step ? hlc : stepHlc[n];
    if (h !== undefined) out[n] = h;
  }
  return out;
}
