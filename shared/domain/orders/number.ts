/**
 * Work-order numbers: `WO-` before a case number's form, e.g.
 * `WO-GZ01-20261130-0003` (branch GZ, device 01, the device's local date,
 * the device's 3rd order that day). Made offline like case numbers
 * (../kernel/caseNumber.ts says why they cannot collide), from a per-device,
 * per-day sequence of their own: an order and a case may both be number 3 of
 * the day, and the prefix tells them apart. Runtime-neutral.
 */
import { formatCaseNumber, parseCaseNumber, type CaseNumberParts } from '../kernel/caseNumber';

export const ORDER_NUMBER_PREFIX = 'WO-';

export type OrderNumberParts = CaseNumberParts;

/**
 * Formats an order number. Throws RangeError naming the bad part when the
 * branch code, device code, date or sequence is not valid (as formatCaseNumber).
 */
export function formatOrderNumber(branch: string, device: string, date: Date | string, seq: number): string {
  return `${ORDER_NUMBER_PREFIX}${formatCaseNumber(branch, device, date, seq)}`;
}

/**
 * Parses an order number in the exact form `formatOrderNumber` writes; null
 * for anything else, a case number without the prefix included.
 */
export function parseOrderNumber(s: string): OrderNumberParts | null {
  if (typeof s !== 'string' || !s.startsWith(ORDER_NUMBER_PREFIX)) return null;
  return parseCaseNumber(s.slice(ORDER_NUMBER_PREFIX.length));
}

export function isOrderNumber(s: unknown): s is string {
  return typeof s === 'string' && parseOrderNumber(s) !== null;
}
