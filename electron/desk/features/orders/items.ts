/**
 * What the front desk enters, checked against the order templates
 * (resources/repair/templates.json): the order kind, each item's trade and
 * common job, its safety flag (set from the templates' safety list, which the
 * desk may raise and never lower), the readings the kind asks for, and the
 * vehicle or device. Problems come back as field errors keyed like the input.
 */
import type { OrderItemInput } from '../../../../shared/contract/methods/orders';
import { newId } from '../../../../shared/domain/kernel/ids';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { localize } from '../../../../shared/domain/kernel/locale';
import type { OrderItem, Readings } from '../../../../shared/domain/orders/payloads';
import {
  findKind,
  isSafetyItem,
  type OrderKindTemplate,
  type OrderTemplates,
} from '../../../../shared/domain/orders/template';
import { messages } from './messages';

type ParsedItem = {
  title: string;
  trade: string;
  catalogueKey?: string;
  safety: boolean;
  labourFen: number;
  parts: OrderItem['parts'];
};
export type { OrderItemInput };

/** A field error collector: path -> message. */
export type Fields = Record<string, string>;

/** The kind's template, or a field error at `at`. */
export function kindOf(
  t: OrderTemplates,
  kind: string,
  locale: Locale,
  fields: Fields,
  at = 'kind',
): OrderKindTemplate | null {
  const k = findKind(t, kind);
  if (!k) fields[at] = messages.msg(locale, 'unknownKind');
  return k ?? null;
}

/** An item as stored: a new id, the trade checked, safety from the templates (raised, never lowered). */
export function itemOf(
  t: OrderTemplates,
  kind: OrderKindTemplate,
  input: ParsedItem,
  origin: OrderItem['origin'],
  locale: Locale,
  fields: Fields,
  at: string,
): OrderItem {
  if (!kind.trades.includes(input.trade)) fields[`${at}.trade`] = messages.msg(locale, 'unknownTrade');
  if (input.catalogueKey !== undefined && !kind.catalogue.some((c) => c.key === input.catalogueKey)) {
    fields[`${at}.catalogueKey`] = messages.msg(locale, 'unknownCatalogue');
  }
  const safety =
    input.safety ||
    isSafetyItem(t, kind.value, { title: input.title, catalogueKey: input.catalogueKey ?? null });
  return {
    itemId: newId(),
    title: input.title,
    trade: input.trade,
    safety,
    labourFen: input.labourFen,
    parts: input.parts,
    origin,
  };
}

/** The readings checked against the kind's reading keys: required ones present, numbers numbers, no others. */
export function checkReadings(
  kind: OrderKindTemplate,
  readings: Readings,
  locale: Locale,
  fields: Fields,
  at: string,
  requireAll: boolean,
): void {
  for (const key of Object.keys(readings)) {
    if (!kind.readings.some((r) => r.key === key))
      fields[`${at}.${key}`] = messages.msg(locale, 'readingUnknown');
  }
  for (const def of kind.readings) {
    const v = readings[def.key];
    const label = localize(def.label, locale);
    if (v === undefined || (typeof v === 'string' && v.trim() === '')) {
      if (def.required && requireAll)
        fields[`${at}.${def.key}`] = messages.msg(locale, 'readingRequired', { label });
    } else if (def.kind === 'number' && typeof v !== 'number') {
      fields[`${at}.${def.key}`] = messages.msg(locale, 'readingNumber', { label });
    } else if (typeof v === 'number' && v < 0) {
      fields[`${at}.${def.key}`] = messages.msg(locale, 'readingNegative', { label });
    } else if (typeof v === 'number' && def.unit === '%' && v > 100) {
      fields[`${at}.${def.key}`] = messages.msg(locale, 'readingOverPercent', { label });
    }
  }
}

/** The vehicle needs a plate or VIN; a device its serial. */
export function checkSubject(
  kind: OrderKindTemplate,
  subject: { plate: string; vinOrSerial: string },
  locale: Locale,
  fields: Fields,
): void {
  const named =
    kind.subjectKind === 'vehicle'
      ? subject.plate !== '' || subject.vinOrSerial !== ''
      : subject.vinOrSerial !== '';
  if (!named)
    fields[kind.subjectKind === 'vehicle' ? 'subject.plate' : 'subject.vinOrSerial'] = messages.msg(
      locale,
      'subjectMissing',
    );
}
