/**
 * The order templates this build ships (resources/repair/templates.json), as
 * the fold holds orders to them: every replica of one app version (desks,
 * head office, rebuild threads) bundles the same file, so they judge the same
 * events alike. An order opened under another template version (a shop's own
 * templates, a newer build's) is judged by its desk's handlers only: the fold
 * has no templates of that version to hold it to.
 *
 * Checked at load like the holiday seed (../deadlines/seed.ts): a shipped
 * file that does not pass fails loudly at start-up. Runtime-neutral.
 */
import templatesJson from '../../../resources/repair/templates.json' with { type: 'json' };
import {
  findKind,
  loadOrderTemplates,
  safetyMatch,
  type OrderKindTemplate,
  type OrderTemplates,
} from './template';

let shipped: OrderTemplates | null = null;

/** The shipped templates, loaded and checked once. */
export function shippedOrderTemplates(): OrderTemplates {
  shipped ??= loadOrderTemplates(templatesJson);
  return shipped;
}

/** The shipped kind an order of `templateVersion` and `kind` was opened under, or null when the fold cannot know it. */
export function shippedKind(templateVersion: string, kind: string): OrderKindTemplate | null {
  const t = shippedOrderTemplates();
  return t.version === templateVersion ? (findKind(t, kind) ?? null) : null;
}

/**
 * The templates a desk running `current` judges an order of `templateVersion`
 * by: the shipped file for an order of the shipped version (as the fold does,
 * so the desk never refuses or writes what the fold judges otherwise), else
 * the desk's own.
 */
export function templatesForOrder(current: OrderTemplates, templateVersion: string): OrderTemplates {
  const t = shippedOrderTemplates();
  return templateVersion === t.version ? t : current;
}

/**
 * True when the shipped templates of the order's version make an item with
 * this title a safety item (its title names a safety keyword). The desk's
 * handlers also raise an item chosen from a flagged catalogue entry; the
 * event does not carry the entry, so the fold's floor is the keywords.
 */
export function shippedSafetyFloor(templateVersion: string, title: string): boolean {
  const t = shippedOrderTemplates();
  return t.version === templateVersion && safetyMatch(t, title) !== null;
}
