import dayjs from 'dayjs';
import type { FieldValue } from '../../../../shared/domain/cases/payloads';
import { type Locale, localize } from '../../../../shared/domain/kernel/locale';
import type { ScriptField, Taxonomy } from '../../../../shared/domain/cases/script';
import { optionsFor } from '../../../../shared/domain/cases/scriptRules';
import * as drafts from '../../stores/drafts';

export type Draft = Record<string, FieldValue | undefined>;

/**
 * Step drafts survive switching steps and screens, a reload and a restart
 * until the step is recorded: kept per clerk on the desk (stores/drafts.ts).
 */
export function draftKey(caseId: string, step: number, mode: 'record' | 'rerecord'): string {
  return `step:${caseId}:${step}:${mode}`;
}
export function getDraft(key: string): Draft | undefined {
  const body = drafts.getDraft(key);
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Draft) : undefined;
}
export function saveDraft(key: string, draft: Draft): void {
  // JSON drops fields left undefined (the desk keeps JSON values only).
  drafts.saveDraft(key, JSON.parse(JSON.stringify(draft)) as drafts.DraftBody);
}
export function dropDraft(key: string): void {
  drafts.dropDraft(key);
}
/** On sign-out: nothing typed by one clerk stays in memory for the next (the desk keeps it for them). */
export function clearDrafts(): void {
  drafts.clearDraftCache();
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
