import dayjs from 'dayjs';
import type { FieldValue } from '../../../../shared/domain/cases/payloads';
import { type Locale, localize } from '../../../../shared/domain/kernel/locale';
import type { ScriptField, Taxonomy } from '../../../../shared/domain/cases/script';
import { optionsFor } from '../../../../shared/domain/cases/scriptRules';

export type Draft = Record<string, FieldValue | undefined>;

/** Drafts survive switching between steps (and screens) until the step is recorded. */
const drafts = new Map<string, Draft>();

export function draftKey(caseId: string, step: number, mode: 'record' | 'rerecord'): string {
  return `${caseId}:${step}:${mode}`;
}
export function getDraft(key: string): Draft | undefined {
  return drafts.get(key);
}
export function saveDraft(key: string, draft: Draft): void {
  drafts.set(key, draft);
}
export function dropDraft(key: string): void {
  drafts.delete(key);
}
/** On sign-out: nothing typed by one clerk stays for the next. */
export function clearDrafts(): void {
  drafts.clear();
}

/** The values to send: blanks left out, booleans always present (false when not ticked). */
export function cleanFields(fields: readonly ScriptField[], draft: Draft): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const f of fields) {
    const v = draft[f.key];
    if (f.kind === 'boolean') {
      out[f.key] = v === true;
      continue;
    }
    if (v === undefined || v === null) continue;
    if (typeof v === 'string' && v.trim() === '') continue;
    out[f.key] = v;
  }
  return out;
}

/** A recorded value as a clerk reads it. */
export function displayValue(
  field: ScriptField,
  value: FieldValue | undefined,
  taxonomy: Taxonomy,
  locale: Locale,
  words: { yes: string; no: string; none: string },
): string {
  if (value === undefined || value === null || value === '') return words.none;
  switch (field.kind) {
    case 'boolean':
      return value === true ? words.yes : words.no;
    case 'choice': {
      const opt = optionsFor(field, taxonomy).find((o) => o.value === value);
      return opt ? localize(opt.label, locale) : String(value);
    }
    case 'datetime': {
      const d = dayjs(String(value));
      return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : String(value);
    }
    default:
      return String(value);
  }
}
