/**
 * The release gate (出厂, DOMAIN.md section 8): the one rule the renderer uses
 * to show what is still missing and the desk core uses to refuse a release,
 * and the fold uses to flag a release that went past it. Pure and
 * runtime-neutral; it reads only the order's state.
 *
 * Nothing leaves the shop until, for every item the customer did not refuse:
 * the customer answered for an added item; the item is finished (not in work,
 * not back for rework); since its last finish it passed the self check, the
 * process check if it is a safety item (both only when it was worked on this
 * order: an `original` item on a rework return is re-inspected, not
 * re-worked) and the final check. And: the parts used are reconciled after
 * the last change of what the customer approved and after the work's last
 * finish (`partsReconcileBasis`), match it, and use nothing unapproved; the
 * front desk's seven checks are done (those of the work's result after the
 * work's last finish: `RESULT_DESK_CHECKS`; the check against the quote after
 * the last change of what was approved); it is not released yet.
 */
import { DESK_CHECKS, type DeskCheck } from './payloads';
import {
  currentDeskChecks,
  partsReconcileBasis,
  passedSinceFinish,
  type ItemState,
  type OrderState,
} from './state';
import { compareFoldKeys } from '../kernel/foldKey';

export const GATE_CODES = [
  'already_released',
  'consent_pending',
  'item_not_finished',
  'final_check_failed',
  'self_check_missing',
  'process_check_missing',
  'final_check_missing',
  'substitution_unapproved',
  'parts_not_reconciled',
  'parts_mismatch',
  'part_over_quote',
  'desk_check_missing',
] as const;
export type GateCode = (typeof GATE_CODES)[number];

/** One thing the gate finds missing: of an item (with its title and trade, for the describer), of the desk, or of the order. */
export interface GateGap {
  code: GateCode;
  itemId?: string;
  /** The item's title, so the describer needs no state. */
  title?: string;
  /** The item's trade value (the describer labels it with a template when given one). */
  trade?: string;
  check?: DeskCheck;
}

export interface GateResult {
  ok: boolean;
  missing: GateGap[];
}

type GateView = Pick<
  OrderState,
  'items' | 'substitutions' | 'partsReconciled' | 'partsBasisKey' | 'deskChecks' | 'released'
>;

function itemGap(code: GateCode, s: ItemState): GateGap {
  return { code, itemId: s.item.itemId, title: s.item.title, trade: s.trade };
}

function itemGaps(s: ItemState): GateGap[] {
  switch (s.status) {
    case 'refused':
      return [];
    case 'waiting_consent':
      return [itemGap('consent_pending', s)];
    case 'rework':
      return [itemGap(s.lastFailure?.inspection === 'final' ? 'final_check_failed' : 'item_not_finished', s)];
    case 'open':
    case 'in_work':
      return [itemGap('item_not_finished', s)];
    case 'finished': {
      const out: GateGap[] = [];
      if (s.worked && !passedSinceFinish(s, 'self')) out.push(itemGap('self_check_missing', s));
      if (s.worked && s.item.safety && !passedSinceFinish(s, 'process')) {
        out.push(itemGap('process_check_missing', s));
      }
      if (!passedSinceFinish(s, 'final')) out.push(itemGap('final_check_missing', s));
      return out;
    }
  }
}

/** Used part names an item may carry: its quoted parts and its approved substitutes (none on a refused item). */
function approvedNames(state: GateView, s: ItemState): Set<string> {
  if (s.status === 'refused') return new Set();
  const quoted = new Set(s.item.parts.map((p) => p.name));
  const names = new Set(quoted);
  // A substitute is approved only in place of a part still quoted (the quote may have changed since).
  for (const sub of state.substitutions) {
    if (sub.itemId === s.item.itemId && quoted.has(sub.original)) names.add(sub.substitute);
  }
  return names;
}

function partsGaps(state: GateView): GateGap[] {
  const rec = state.partsReconciled;
  if (rec === null || compareFoldKeys(rec.key, partsReconcileBasis(state)) < 0) {
    return [{ code: 'parts_not_reconciled' }];
  }
  const out: GateGap[] = [];
  if (!rec.matches) out.push({ code: 'parts_mismatch' });
  for (const s of state.items) {
    const used = rec.used.filter((u) => u.itemId === s.item.itemId);
    if (used.length === 0) continue;
    const names = approvedNames(state, s);
    if (used.some((u) => !names.has(u.name))) out.push(itemGap('substitution_unapproved', s));
    // More of a quoted part than the customer approved is a mismatch even if the desk said it matched;
    // an approved substitute counts against the quoted part it replaces (the two together, no more).
    const replaces = new Map<string, string>();
    for (const sub of state.substitutions) {
      if (sub.itemId === s.item.itemId && !replaces.has(sub.substitute))
        replaces.set(sub.substitute, sub.original);
    }
    const usedOf = (name: string) =>
      used.filter((u) => u.name === name || replaces.get(u.name) === name).reduce((n, u) => n + u.qty, 0);
    const over = s.item.parts.some(
      (p) => usedOf(p.name) > s.item.parts.filter((q) => q.name === p.name).reduce((n, q) => n + q.qty, 0),
    );
    if (rec.matches && over) out.push(itemGap('parts_mismatch', s));
    // The customer approved a price too: a part (or its substitute) charged above the quoted unit price is not approved.
    const quotedPrice = new Map<string, number>();
    for (const q of s.item.parts) quotedPrice.set(q.name, Math.max(q.unitFen, quotedPrice.get(q.name) ?? 0));
    const ceiling = (name: string) => quotedPrice.get(name) ?? quotedPrice.get(replaces.get(name) ?? '');
    if (used.some((u) => u.unitFen > (ceiling(u.name) ?? Number.POSITIVE_INFINITY))) {
      out.push(itemGap('part_over_quote', s));
    }
  }
  return out;
}

/** What stands between the order and its release, in the order the checklist shows it. */
export function releaseGate(state: GateView): GateResult {
  const missing: GateGap[] = [];
  if (state.released !== null) missing.push({ code: 'already_released' });
  for (const s of state.items) missing.push(...itemGaps(s));
  missing.push(...partsGaps(state));
  const done = new Set(currentDeskChecks(state).map((d) => d.check));
  for (const check of DESK_CHECKS) if (!done.has(check)) missing.push({ code: 'desk_check_missing', check });
  return { ok: missing.length === 0, missing };
}

/**
 * A gap as one line of text kept in `order.release_refused` reasons and in a
 * flag's detail: `code`, `code:itemId` or `code:check`, so it can be described
 * again in any language later (`decodeGap`).
 */
export function encodeGap(gap: GateGap): string {
  if (gap.itemId !== undefined) return `${gap.code}:${gap.itemId}`;
  if (gap.check !== undefined) return `${gap.code}:${gap.check}`;
  return gap.code;
}

/** The gap `encodeGap` wrote (without the item's title and trade), or null for text it did not write. */
export function decodeGap(text: string): GateGap | null {
  const i = text.indexOf(':');
  const code = i < 0 ? text : text.slice(0, i);
  const rest = i < 0 ? '' : text.slice(i + 1);
  if (!(GATE_CODES as readonly string[]).includes(code)) return null;
  const gap: GateGap = { code: code as GateCode };
  if (rest === '') return gap;
  if (code === 'desk_check_missing') {
    if (!(DESK_CHECKS as readonly string[]).includes(rest)) return null;
    return { ...gap, check: rest as DeskCheck };
  }
  return { ...gap, itemId: rest };
}
