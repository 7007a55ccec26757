/**
 * The parts reconciliation's rows (issue 11): per item the customer agreed
 * to, each quoted part and each approved substitute, with the quantity used
 * (the last reconciliation's, else the quoted one), and whether what was used
 * matches what was approved, judged as the release gate judges it
 * (shared/domain/orders/gate.ts): only quoted or approved-substitute parts on
 * an item, and no more of a quoted part than quoted.
 */
import type { OrderDetail } from '../../../../shared/contract/methods/orders';

export interface UsedPartRow {
  key: string;
  itemId: string;
  itemTitle: string;
  name: string;
  unitFen: number;
  /** The quoted quantity; null for a substitute (approved by name). */
  approved: number | null;
  substitute: boolean;
  used: number;
}

/** Items whose parts count: not refused, not still waiting for the customer. */
const counted = (order: OrderDetail) =>
  order.items.filter((i) => i.status !== 'refused' && i.status !== 'waiting_consent');

export function usedPartRows(order: OrderDetail): UsedPartRow[] {
  const prev = order.partsReconciled?.used ?? [];
  const prevQty = (itemId: string, name: string): number | undefined => {
    const lines = prev.filter((u) => u.itemId === itemId && u.name === name);
    return lines.length === 0 ? undefined : lines.reduce((n, u) => n + u.qty, 0);
  };
  const rows: UsedPartRow[] = [];
  for (const item of counted(order)) {
    const seen = new Set<string>();
    item.parts.forEach((p, i) => {
      seen.add(p.name);
      rows.push({
        key: `${item.itemId}:${i}`,
        itemId: item.itemId,
        itemTitle: item.title,
        name: p.name,
        unitFen: p.unitFen,
        approved: p.qty,
        substitute: false,
        used: prevQty(item.itemId, p.name) ?? p.qty,
      });
    });
    for (const sub of order.substitutions.filter((s) => s.itemId === item.itemId)) {
      if (seen.has(sub.substitute)) continue;
      seen.add(sub.substitute);
      rows.push({
        key: `${item.itemId}:s:${sub.substitute}`,
        itemId: item.itemId,
        itemTitle: item.title,
        name: sub.substitute,
        unitFen: item.parts.find((p) => p.name === sub.original)?.unitFen ?? 0,
        approved: null,
        substitute: true,
        used: prevQty(item.itemId, sub.substitute) ?? 0,
      });
    }
    // A part an earlier reconciliation recorded that is neither quoted nor approved: kept, so it is seen.
    for (const u of prev.filter((x) => x.itemId === item.itemId && !seen.has(x.name))) {
      seen.add(u.name);
      rows.push({
        key: `${item.itemId}:u:${u.name}`,
        itemId: item.itemId,
        itemTitle: item.title,
        name: u.name,
        unitFen: u.unitFen,
        approved: 0,
        substitute: false,
        used: prevQty(item.itemId, u.name) ?? 0,
      });
    }
  }
  return rows;
}

/** Whether the used quantities match what the customer approved. */
export function partsMatch(order: OrderDetail, rows: readonly UsedPartRow[]): boolean {
  for (const item of counted(order)) {
    const mine = rows.filter((r) => r.itemId === item.itemId && r.used > 0);
    const subs = new Set(
      order.substitutions.filter((s) => s.itemId === item.itemId).map((s) => s.substitute),
    );
    for (const r of mine) {
      const quoted = item.parts.filter((p) => p.name === r.name).reduce((n, p) => n + p.qty, 0);
      if (subs.has(r.name)) continue;
      if (quoted === 0) return false;
      const used = mine.filter((x) => x.name === r.name).reduce((n, x) => n + x.used, 0);
      if (used > quoted) return false;
    }
  }
  return true;
}

/**
 * What a fresh list of rows would be made from, as one string: the list is
 * re-made (the clerk's typed quantities dropped) only when it changes, so a
 * desk check ticked in the same card, or any other event on the order, keeps
 * what the clerk typed; an item agreed or refused, a substitution or a
 * reconciliation recorded elsewhere gives fresh rows.
 */
export function partsRowsKey(order: OrderDetail): string {
  return JSON.stringify(usedPartRows(order));
}
