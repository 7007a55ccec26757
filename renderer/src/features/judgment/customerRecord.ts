/**
 * The supporting signs a customer's record suggests to the malicious-claim
 * determination (issue 12 items 3 and 4; docs/escalation-and-malice.md
 * "The customer's record"). Pure: the record is `customer.history` seen from
 * the case (`before`: only its earlier cases, its own repeat window).
 *
 * - `repeat_bad_record` (多次投诉且有不良记录): an earlier complaint within
 *   the case's repeat window (the case is a repeat), or an earlier case a
 *   supervisor determined malicious;
 * - `same_trick_before` (曾用同样手法): an earlier case of the SAME category
 *   determined malicious.
 *
 * Only suggestions: the form shows them ticked and marked, and the
 * supervisor confirms or unticks them; nothing is recorded without the
 * determination the supervisor submits.
 */
import type { CustomerHistory } from '../../../../shared/contract/methods/customers';
import { MALICE_SIGNS, type MaliceSign } from '../../../../shared/domain/cases/payloads';

export interface RecordBasis {
  /** Earlier complaints within the case's window. */
  inWindow: number;
  /** Earlier cases determined malicious. */
  malicious: number;
  /** One of them has the case's category. */
  sameCategory: boolean;
}

export function recordBasis(h: CustomerHistory, category: string): RecordBasis {
  return {
    inWindow: h.counts.withinWindow,
    malicious: h.counts.maliciousDetermined,
    sameCategory: h.maliciousCategories.includes(category),
  };
}

export function suggestedSigns(h: CustomerHistory, category: string): MaliceSign[] {
  const b = recordBasis(h, category);
  const signs: MaliceSign[] = [];
  if (b.inWindow > 0 || b.malicious > 0) signs.push('repeat_bad_record');
  if (b.sameCategory) signs.push('same_trick_before');
  return signs;
}

/** `value` with the suggestions added (each once, in the form's order). */
export function withSuggested(value: readonly MaliceSign[], suggested: readonly MaliceSign[]): MaliceSign[] {
  const all = new Set([...value, ...suggested]);
  return MALICE_SIGNS.filter((s) => all.has(s));
}
