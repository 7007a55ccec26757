/**
 * The work-order forms' pure parts (issue 11, O5b): money in yuan on screen
 * and whole fen on the wire, the item rows of a form turned into the
 * contract's items (safety raised from the templates, never lowered), the
 * desk's field errors renamed to the form's fields, and the readings as typed.
 */
import type { OrderItemInput } from '../../../../shared/contract/methods/orders';
import {
  isSafetyItem,
  type OrderKindTemplate,
  type OrderTemplates,
} from '../../../../shared/domain/orders/template';

/** Yuan as typed (two decimals at most) to whole fen. */
export function yuanToFen(yuan: number | null | undefined): number {
  return yuan == null || !Number.isFinite(yuan) ? 0 : Math.round(yuan * 100);
}

/** Whole fen as "¥1,234.50". */
export function formatYuan(fen: number, locale: string): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'zh-CN', {
    style: 'currency',
    currency: 'CNY',
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: 2,
  }).format(fen / 100);
}

/** A part as the form holds it (price in yuan). */
export interface PartRow {
  name?: string;
  qty?: number | null;
  unit?: number | null;
}

/** An item as the form holds it: labour and part prices in yuan. */
export interface ItemRow {
  title?: string;
  catalogueKey?: string;
  trade?: string;
  safety?: boolean;
  labour?: number | null;
  parts?: PartRow[];
}

export function emptyItemRow(kind: OrderKindTemplate | undefined): ItemRow {
  return { title: '', trade: kind?.trades[0], safety: false, labour: null, parts: [] };
}

/** The item's fen: labour plus parts. */
export function rowFen(row: ItemRow | undefined): number {
  if (!row) return 0;
  const parts = (row.parts ?? []).reduce((s, p) => s + yuanToFen(p?.unit) * (p?.qty ?? 0), 0);
  return yuanToFen(row.labour) + parts;
}

/** Whether the templates make the row a safety item (then the desk may not lower it). */
export function templateSafety(t: OrderTemplates, kind: string, row: ItemRow | undefined): boolean {
  if (!row?.title?.trim()) return false;
  return isSafetyItem(t, kind, { title: row.title, catalogueKey: row.catalogueKey ?? null });
}

/** The rows as the contract's items; safety is the template's, raised by the clerk, never lowered. */
export function rowsToItems(t: OrderTemplates, kind: string, rows: readonly ItemRow[]): OrderItemInput[] {
  return rows.map((row) => ({
    title: (row.title ?? '').trim(),
    trade: row.trade ?? '',
    ...(row.catalogueKey ? { catalogueKey: row.catalogueKey } : {}),
    safety: row.safety === true || templateSafety(t, kind, row),
    labourFen: yuanToFen(row.labour),
    parts: (row.parts ?? [])
      .filter((p) => (p?.name ?? '').trim() !== '')
      .map((p) => ({ name: (p.name ?? '').trim(), qty: p.qty ?? 1, unitFen: yuanToFen(p.unit) })),
  }));
}

/**
 * The desk's field errors with the form's names: money fields are typed in
 * yuan (`items.0.labourFen` -> `items.0.labour`, `...parts.1.unitFen` ->
 * `...parts.1.unit`), a catalogue entry's error sits under the title. `prefix`
 * renames the items' path (`item.` on the extra-fault form).
 */
export function formFieldErrors(fields: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields ?? {})) {
    const renamed = path
      .replace(/\.labourFen$/, '.labour')
      .replace(/\.unitFen$/, '.unit')
      .replace(/\.catalogueKey$/, '.title');
    out[renamed] = out[renamed] ?? message;
  }
  return out;
}

/** Every field path of the item rows (for applyFieldErrors' known list). */
export function itemPaths(prefix: string, rows: readonly ItemRow[] | undefined): string[] {
  const out: string[] = [prefix];
  (rows ?? []).forEach((row, i) => {
    const at = `${prefix}.${i}`;
    out.push(`${at}.title`, `${at}.trade`, `${at}.safety`, `${at}.labour`, `${at}.parts`);
    (row?.parts ?? []).forEach((_p, j) => {
      out.push(`${at}.parts.${j}.name`, `${at}.parts.${j}.qty`, `${at}.parts.${j}.unit`);
    });
  });
  return out;
}

/** The reading fields' paths under `prefix`. */
export function readingPaths(prefix: string, kind: OrderKindTemplate | undefined): string[] {
  return (kind?.readings ?? []).map((r) => `${prefix}.${r.key}`);
}

/** Readings as typed: empty ones left out, numbers as numbers. */
export function readingsOf(
  kind: OrderKindTemplate | undefined,
  typed: Record<string, unknown> | undefined,
): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const def of kind?.readings ?? []) {
    const v = typed?.[def.key];
    if (typeof v === 'number' && Number.isFinite(v)) out[def.key] = v;
    else if (typeof v === 'string' && v.trim() !== '') out[def.key] = v.trim();
  }
  return out;
}
