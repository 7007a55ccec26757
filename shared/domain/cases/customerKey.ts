/**
 * Who a case's customer is, for recognising the same customer across cases
 * (issue 12 item 4, docs/decisions/0030-repeat-complaints-and-fcr.md): the
 * phone and the name as typed at intake, normalised so that spacing, dashes,
 * full-width digits and the country code do not make two customers out of
 * one. Runtime-neutral and pure.
 */

/** Fewer digits than this is not a phone number one can match on (an extension, "无", a typo). */
export const MIN_PHONE_DIGITS = 7;

/**
 * The digits of a phone number: NFKC (full-width digits become ASCII), every
 * non-digit dropped, and the mainland country code taken off when a full
 * mainland number remains: `+86 138 0013 8000`, `0086-13800138000` and
 * `13800138000` are one number. Landlines keep their area code
 * (`020-8888 6666` → `02088886666`). Idempotent.
 */
export function normalPhone(raw: string): string {
  const digits = raw.normalize('NFKC').replace(/[^0-9]/g, '');
  if (digits.length === 15 && digits.startsWith('0086')) return digits.slice(4);
  if (digits.length === 13 && digits.startsWith('86')) return digits.slice(2);
  return digits;
}

/**
 * A name to compare: NFKC (full-width letters and spaces become ASCII), every
 * whitespace removed (`张 伟` is `张伟`), ASCII letters lower-cased. Idempotent.
 */
export function normalName(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * The key a customer is recognised by: the normalised phone when it has at
 * least MIN_PHONE_DIGITS digits, else the normalised name; null when neither
 * is there. Two cases are of the same customer exactly when their keys are
 * equal (an equivalence: a phone-keyed case never matches a name-keyed one,
 * so a common name without a phone cannot join two customers who gave
 * different numbers).
 */
export type CustomerKey = { kind: 'phone'; value: string } | { kind: 'name'; value: string };

export function customerKey(c: { phone: string; name: string }): CustomerKey | null {
  const phone = normalPhone(c.phone);
  if (phone.length >= MIN_PHONE_DIGITS) return { kind: 'phone', value: phone };
  const name = normalName(c.name);
  return name === '' ? null : { kind: 'name', value: name };
}

/** True when both customers have a key and it is the same. */
export function sameCustomer(
  a: { phone: string; name: string },
  b: { phone: string; name: string },
): boolean {
  const ka = customerKey(a);
  const kb = customerKey(b);
  return ka !== null && kb !== null && ka.kind === kb.kind && ka.value === kb.value;
}
