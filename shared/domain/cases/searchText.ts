/**
 * The text a case is found by, the same on every replica: the desk indexes it
 * for its gram search (electron/desk/search.ts) and head office matches it in
 * the admin case list (server/store/admin.ts). A query finds a case when every
 * one of its terms (`searchTerms`) occurs in this text, on both sides, so the
 * counter and head office find the same cases. Runtime-neutral and pure.
 *
 * The text is put together from contributors, one per kind of free text a
 * clerk writes on a case. A feature that adds texts (callbacks, work orders…)
 * adds its contributor to CASE_TEXT_CONTRIBUTORS, and bumps
 * CASE_PROJECTION_VERSION (./row.ts) so every replica rebuilds its rows.
 */
import type { CaseState } from './state';
import { STEP_NUMBERS } from './payloads';
import { normalizeText } from '../kernel/searchTerms';
import { escalationTexts } from './escalation';
import { maliceTexts } from './malice';
import { importedTexts } from './importFold';

/** The normalisation and terms live in the kernel (the orders' search uses them too). */
export { normalizeText, searchTerms } from '../kernel/searchTerms';

/** The free texts of one kind on a case, raw (not normalized), in a stable order. */
export type CaseTextContributor = (state: CaseState) => readonly string[];

/**
 * Who the case is about: number, customer name, phone (also as bare digits,
 * so "138 0013 8000" is found by "13800138000" and by "0013") and the intake
 * account.
 */
export const intakeTexts: CaseTextContributor = (s) => {
  const texts = [s.number, s.customer.name, s.customer.phone];
  const digits = s.customer.phone.replace(/\D+/g, '');
  if (digits !== '' && digits !== s.customer.phone) texts.push(digits);
  texts.push(s.account);
  return texts;
};

/** An ISO date-time as the script's datetime fields store it: not something a clerk typed. */
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/**
 * The shape of a choice's option value (the script's Option values: lower-case
 * ASCII keys such as `accept` or `problem_solving`), starting with a letter:
 * a code the clerk picked, not words they wrote. Indexing codes would make a
 * search for "accept" find every case whose customer accepted the proposal.
 */
const OPTION_CODE = /^[a-z][a-z0-9_.-]*$/;

/**
 * Every string a clerk wrote in any step (1-6), field keys in sorted order so
 * the text does not depend on how the state was read. The fold keeps field
 * values without the script, so a value's form tells text from the rest:
 * date-times and option codes (choice values) are left out, and so are
 * numbers and booleans. The limit: a text field whose whole value is one
 * lower-case ASCII word starting with a letter (say "ok") is not indexed;
 * digits (reference numbers) and anything with Chinese, capitals or spaces are.
 */
export const stepTexts: CaseTextContributor = (s) => {
  const texts: string[] = [];
  for (const n of STEP_NUMBERS) {
    const fields = s.steps[n];
    if (fields === undefined) continue;
    for (const key of Object.keys(fields).sort()) {
      const v = fields[key];
      if (typeof v === 'string' && !ISO_DATETIME.test(v) && !OPTION_CODE.test(v)) texts.push(v);
    }
  }
  return texts;
};

/** Notes, close override reasons and reopen reasons, each in fold order. */
export const remarkTexts: CaseTextContributor = (s) => [...s.notes, ...s.closeReasons, ...s.reopenReasons];

/** Issue 12: escalation reasons and review comments; suspicion notes, established facts, the offer and reason. */
export const judgmentTexts: CaseTextContributor = (s) => [...escalationTexts(s), ...maliceTexts(s)];

/** Every contributor, in the order their texts appear in the search text. */
export const CASE_TEXT_CONTRIBUTORS: readonly CaseTextContributor[] = [
  intakeTexts,
  stepTexts,
  remarkTexts,
  judgmentTexts, // issue 12
  importedTexts, // issue 13: an imported case's result, handler, number and region
];

/**
 * The normalized text a case is found by: every contributor's texts,
 * normalized, joined by single spaces. A text that an earlier one already
 * contains is left out (e.g. step 2's account, which starts as a copy of the
 * intake account): a query term is matched as a substring, so it finds
 * nothing more.
 */
export function caseSearchText(
  state: CaseState,
  contributors: readonly CaseTextContributor[] = CASE_TEXT_CONTRIBUTORS,
): string {
  const kept: string[] = [];
  for (const contribute of contributors) {
    for (const raw of contribute(state)) {
      const t = normalizeText(raw);
      if (t !== '' && !kept.some((k) => k.includes(t))) kept.push(t);
    }
  }
  return kept.join(' ');
}
