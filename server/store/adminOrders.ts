/**
 * Head office's view of work orders (issue 11): the cross-branch order list
 * with its filters and one order's detail with the release gate, read from
 * the `orders` projection (./orders.ts). A supervisor device sees its own
 * branch only (AdminScope), as with cases (./admin.ts).
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import {
  ORDER_STATUSES,
  type AdminGateGap,
  type AdminOrder,
  type AdminOrderDetail,
  type ParsedOrdersQuery,
} from '../../shared/contract/adminOrders';
import { searchTerms } from '../../shared/domain/cases/searchText';
import type { LocalizedText } from '../../shared/domain/kernel/locale';
import { isoOfHlc } from '../../shared/domain/kernel/time';
import { describeFlag, describeGap } from '../../shared/domain/orders/describe';
import { decodeGap, releaseGate, type GateGap } from '../../shared/domain/orders/gate';
import { currentDeskChecks, type OrderState } from '../../shared/domain/orders/state';
import { pageByOpened, type AdminScope } from './admin';
import type { StoreContext } from './context';
import type { OrdersTable } from './schema';

export interface AdminOrdersPage {
  items: AdminOrder[];
  nextCursor: string | null;
  total: number;
  totalCapped: boolean;
}

type ListRow = Omit<OrdersTable, 'state' | 'search_text' | 'updated_at'> & { owner_name: string | null };

const LIST_COLUMNS = [
  'o.id',
  'o.branch',
  'o.number',
  'o.kind',
  'o.status',
  'o.customer_name',
  'o.customer_phone',
  'o.plate',
  'o.vin_or_serial',
  'o.owner',
  'o.received_at',
  'o.promised_at',
  'o.opened_hlc',
  'o.last_hlc',
  'o.released_hlc',
  'o.rework_of',
  'o.rework_of_number',
  'o.items',
  'o.failed_inspections',
  'o.flag_count',
  'o.flag_reasons',
  'o.past_failure',
  'o.failed_after_release',
  'o.gate_gaps',
] as const;

function asStatus(s: string): AdminOrder['status'] {
  return (ORDER_STATUSES as readonly string[]).includes(s) ? (s as AdminOrder['status']) : 'open';
}

function summaryOf(r: ListRow): AdminOrder {
  return {
    id: r.id,
    number: r.number,
    branch: r.branch,
    kind: r.kind,
    status: asStatus(r.status),
    customerName: r.customer_name,
    customerPhone: r.customer_phone,
    plate: r.plate,
    vinOrSerial: r.vin_or_serial,
    owner: r.owner,
    ownerName: r.owner_name,
    receivedAt: r.received_at,
    promisedAt: r.promised_at,
    openedAt: isoOfHlc(r.opened_hlc),
    updatedAt: isoOfHlc(r.last_hlc),
    releasedAt: isoOfHlc(r.released_hlc),
    reworkOf: r.rework_of === null ? null : { id: r.rework_of, number: r.rework_of_number ?? '' },
    items: Number(r.items),
    failedInspections: Number(r.failed_inspections),
    flags: r.flag_reasons.trim() === '' ? [] : r.flag_reasons.trim().split(' '),
    releasedPastFailure: Number(r.past_failure) > 0,
    failedAfterRelease: Number(r.failed_after_release) > 0,
    gateGaps: Number(r.gate_gaps),
  };
}

/**
 * The cross-branch order list, newest opened first, keyset-paged by
 * (opened_hlc, id). 'bad_cursor' when the cursor is not one we made.
 */
export async function adminOrders(
  c: StoreContext,
  q: ParsedOrdersQuery,
  scope: AdminScope,
): Promise<AdminOrdersPage | 'bad_cursor'> {
  const branch = scope.branch ?? q.branch;
  const terms = q.text === undefined ? [] : searchTerms(q.text);
  const contains = c.engine === 'postgres' ? 'strpos' : 'instr';
  const filtered = c.db.selectFrom('orders as o').where((eb) => {
    const conds: Expression<SqlBool>[] = [];
    if (branch !== undefined) conds.push(eb('o.branch', '=', branch));
    if (q.status !== undefined) conds.push(eb('o.status', '=', q.status));
    if (q.kind !== undefined) conds.push(eb('o.kind', '=', q.kind));
    if (q.flagged !== undefined) conds.push(eb('o.flag_count', q.flagged ? '>' : '=', 0));
    if (q.flag !== undefined)
      conds.push(sql<SqlBool>`${sql.raw(contains)}(o.flag_reasons, ${` ${q.flag} `}) > 0`);
    if (q.rework !== undefined) conds.push(eb('o.rework_of', q.rework ? 'is not' : 'is', null));
    for (const t of terms) conds.push(sql<SqlBool>`${sql.raw(contains)}(o.search_text, ${t}) > 0`);
    return eb.and(conds);
  });
  const listed = await pageByOpened(
    c,
    q,
    'o',
    filtered,
    filtered.leftJoin('staff as s', 's.id', 'o.owner').select([...LIST_COLUMNS, 's.name as owner_name']),
  );
  if (listed === 'bad_cursor') return listed;
  return {
    items: listed.rows.map(summaryOf),
    nextCursor: listed.nextCursor,
    total: listed.total,
    totalCapped: listed.totalCapped,
  };
}

function words(describe: (locale: 'zh-CN' | 'en') => string): LocalizedText {
  return { 'zh-CN': describe('zh-CN'), en: describe('en') };
}

/** A gap with its words; a gap decoded from stored text gets its item's title and trade back from the state. */
function gapWithText(gap: GateGap, s: OrderState): AdminGateGap {
  const item = gap.itemId === undefined ? undefined : s.items.find((i) => i.item.itemId === gap.itemId);
  const full: GateGap =
    item && gap.title === undefined ? { ...gap, title: item.item.title, trade: item.trade } : gap;
  return { ...full, text: words((l) => describeGap(full, l)) };
}

/** Stored gap text (a refused attempt's reasons, a release's `pastGate`) described again in both languages. */
function describeStored(text: string, s: OrderState): LocalizedText {
  const gap = decodeGap(text);
  return gap === null ? { 'zh-CN': text, en: text } : gapWithText(gap, s).text;
}

/** One order of the scope with its detail; null when there is none (or it is another branch's). */
export async function adminOrder(
  c: StoreContext,
  id: string,
  scope: AdminScope,
): Promise<AdminOrderDetail | null> {
  const row = await c.db
    .selectFrom('orders as o')
    .leftJoin('staff as s', 's.id', 'o.owner')
    .select([...LIST_COLUMNS, 's.name as owner_name', 'o.state'])
    .where('o.id', '=', id)
    .$if(scope.branch !== null, (qb) => qb.where('o.branch', '=', scope.branch ?? ''))
    .executeTakeFirst();
  if (row === undefined) return null;
  const s = JSON.parse(row.state) as OrderState;
  const gate = releaseGate(s);
  const reworks = await c.db
    .selectFrom('orders')
    .select(['id', 'number', 'status', 'branch'])
    .where('rework_of', '=', id)
    .$if(scope.branch !== null, (qb) => qb.where('branch', '=', scope.branch ?? ''))
    .orderBy('opened_hlc')
    .orderBy('id')
    .execute();
  return {
    order: summaryOf(row),
    customer: s.customer,
    subject: s.subject,
    templateVersion: s.templateVersion,
    items: s.items,
    inspections: s.inspections,
    substitutions: s.substitutions,
    partsReconciled: s.partsReconciled,
    deskChecks: currentDeskChecks(s),
    releaseAttempts: s.releaseAttempts.map((a) => ({
      ...a,
      text: a.reasons.map((r) => describeStored(r, s)),
    })),
    released:
      s.released === null
        ? null
        : { ...s.released, pastGateText: s.released.pastGate.map((g) => describeStored(g, s)) },
    responsibility: s.responsibility,
    caseIds: s.caseIds,
    flags: s.flags.map((f) => ({ ...f, text: words((l) => describeFlag(f, l)) })),
    gate: { ok: gate.ok, missing: gate.missing.map((g) => gapWithText(g, s)) },
    reworks,
    ignored: s.ignored,
  };
}
