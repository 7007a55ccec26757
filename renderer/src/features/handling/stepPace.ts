/**
 * Pure helpers of the step form at the counter's pace (decision 0025): where a
 * step's values start, which field takes the focus, and what the record
 * button attests.
 */
import type { FieldValue } from '../../../../shared/domain/cases/payloads';
import type { ScriptStep, Taxonomy } from '../../../../shared/domain/cases/script';
import { optionsFor } from '../../../../shared/domain/cases/scriptRules';
import {
  isReadOnly,
  type PrefillContext,
  resolvePrefill,
} from '../../../../shared/domain/cases/scriptPrefill';
import { type Locale, localize } from '../../../../shared/domain/kernel/locale';
import type { Draft } from './fieldValues';

/** The script field whose value the desk fills from the contact records (ContactCountField.tsx). */
export const CONTACT_COUNT_FIELD = 'contactAttempts';

/** A re-record starts from the recorded values; a first record from the script's prefills. */
export function startingDraft(
  step: ScriptStep,
  initial: Record<string, FieldValue> | undefined,
  ctx: PrefillContext,
): Draft {
  if (initial) return { ...initial };
  const draft: Draft = {};
  for (const f of step.fields) {
    const v = resolvePrefill(f, ctx);
    if (v !== undefined) draft[f.key] = v;
  }
  return draft;
}

/** `draft` with every field it does not hold yet taken from its prefill, when that has a value now. */
export function withPrefills(step: ScriptStep, draft: Draft, ctx: PrefillContext): Draft {
  let out = draft;
  for (const f of step.fields) {
    if (draft[f.key] !== undefined) continue;
    const v = resolvePrefill(f, ctx);
    if (v !== undefined) out = { ...out, [f.key]: v };
  }
  return out;
}

function isBlank(v: FieldValue | undefined): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/**
 * The field that takes the focus when the step opens: the first required field
 * still empty (what the clerk has to do next), else the first field there is
 * to type in. Attested boxes, the desk-counted contact number and the case's
 * read-only facts are skipped.
 */
export function focusTarget(step: ScriptStep, draft: Draft): string | undefined {
  const inputs = step.fields.filter((f) => !f.mustBeTrue && f.key !== CONTACT_COUNT_FIELD && !isReadOnly(f));
  return (inputs.find((f) => f.required && isBlank(draft[f.key])) ?? inputs[0])?.key;
}

export interface Attestation {
  key: string;
  text: string;
}

/**
 * What the record button states it records without a box ticked or an option
 * picked by hand: every must-tick box (its `attest` text), and every choice
 * still at its constant prefill ("客户答复：接受"), so a default is confirmed by
 * the act that records it, never slipped in unseen.
 */
export function attestations(
  step: ScriptStep,
  draft: Draft,
  taxonomy: Taxonomy,
  locale: Locale,
): Attestation[] {
  const out: Attestation[] = [];
  for (const f of step.fields) {
    if (f.mustBeTrue && f.attest) {
      out.push({ key: f.key, text: localize(f.attest, locale) });
      continue;
    }
    const p = f.prefill;
    if (f.kind === 'choice' && typeof p === 'object' && draft[f.key] === p.value) {
      const option = optionsFor(f, taxonomy).find((o) => o.value === p.value);
      if (!option) continue;
      const sep = locale === 'en' ? ': ' : '：';
      out.push({ key: f.key, text: `${localize(f.label, locale)}${sep}${localize(option.label, locale)}` });
    }
  }
  return out;
}
