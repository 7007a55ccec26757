/**
 * What the work-order forms share (issue 11, O5b): the templates this desk
 * loaded, money in yuan on screen and whole fen on the wire, the item rows
 * of a form turned into the contract's items (safety raised from the
 * templates, never lowered), the desk's field errors renamed to the form's
 * fields, and the promised delivery time's default from the branch calendar.
 */
import { useEffect, useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import type { OrderItemInput } from '../../../../shared/contract/methods/orders';
import { compileCalendar } from '../../../../shared/domain/deadlines/calendar';
import { addWorkingMinutes, endOfWorkingDay } from '../../../../shared/domain/deadlines/businessTime';
import {
  isSafetyItem,
  type OrderKindTemplate,
  type OrderTemplates,
} from '../../../../shared/domain/orders/template';
import { callDesk } from '../../lib/desk';

let templatesOnce: Promise<OrderTemplates | null> | null = null;

/** The order templates the desk loaded (asked once per page load); null while loading or if the desk has none. */
export function useOrderTemplates(): OrderTemplates | null {
  const [templates, setTemplates] = useState<OrderTemplates | null>(null);
  useEffect(() => {
    let live = true;
    templatesOnce ??= callDesk('order.templates', {}).then((r) => {
      if (r.ok) return r.value.templates;
      templatesOnce = null; // ask again next time
      return null;
    });
    void templatesOnce.then((t) => {
      if (live) setTemplates(t);
    });
    return () => {
      live = false;
    };
  }, []);
  return templates;
}

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

const TWO_WORKING_HOURS = 120;

/**
 * The promised delivery time's default from the branch calendar: the end of
 * the working day that is at least two working hours away (brought in at
 * 16:45, promised for tomorrow's close). Null when the calendar cannot be
 * read (the clerk picks the time).
 */
export function useDefaultPromised(): Dayjs | null {
  const [at, setAt] = useState<Dayjs | null>(null);
  useEffect(() => {
    let live = true;
    void callDesk('settings.calendar.get', {}).then((r) => {
      if (!live || !r.ok) return;
      try {
        const cal = compileCalendar({ ...r.value.calendar, publicYears: r.value.publicYears });
        const end = endOfWorkingDay(cal, addWorkingMinutes(cal, Date.now(), TWO_WORKING_HOURS));
        if (Number.isFinite(end)) setAt(dayjs(end).second(0).millisecond(0));
      } catch {
        /* a calendar the renderer cannot compile: no default */
      }
    });
    return () => {
      live = false;
    };
  }, []);
  return at;
}

let staffOnce: Promise<ReadonlyMap<string, string>> | null = null;

/** Staff id -> name (who signed, who checked), asked once per page load; empty until known. */
export function useStaffNames(): ReadonlyMap<string, string> {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    let live = true;
    staffOnce ??= callDesk('staff.list', {}).then((r) => {
      if (!r.ok) {
        staffOnce = null;
        return new Map<string, string>();
      }
      return new Map(r.value.map((s) => [s.id, s.name]));
    });
    void staffOnce.then((m) => {
      if (live) setNames(m);
    });
    return () => {
      live = false;
    };
  }, []);
  return names;
}
