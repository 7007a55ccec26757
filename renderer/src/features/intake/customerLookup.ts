/** What the intake looks a customer's earlier complaints up by (issue 12 item 4); pure. */
import { MIN_PHONE_DIGITS, normalName, normalPhone } from '../../../../shared/domain/cases/customerKey';

/**
 * What to look the customer up by: a phone of at least 7 digits; the name
 * when no digit of a phone is typed; else nothing (a phone being typed).
 */
export function lookupOf(phone: string, name: string): { by: 'phone' | 'name'; value: string } | null {
  const digits = normalPhone(phone);
  if (digits.length >= MIN_PHONE_DIGITS) return { by: 'phone', value: digits };
  if (digits.length > 0) return null;
  const n = normalName(name);
  return n === '' ? null : { by: 'name', value: n };
}
