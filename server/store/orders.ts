/**
 * Work orders at head office (issue 11; docs/repair.md "Head office"): one
 * `orders` row per order, the OrderState folded with the shared order fold
 * (shared/domain/orders/fold.ts, the same fold every desk runs) against the
 * staff directory of the order's branch, so head office flags the same
 * forged, stale and conflicting acts the desks do (`released_past_failure`,
 * `failed_after_release`, `no_authority` ...), plus the columns head office's
 * order list filters on (./adminOrders.ts).
 *
 * Events are applied one by one (`applyOrderEvent`) when they all sort after
 * the order's last folded event; otherwise (late or out-of-order arrivals,
 * events that came before their `order.opened`) the order is folded again
 * from the log. Every order event is judged with the directory (who may act,
 * who may sign), so when a branch's staff rows change in a push group
 * (`dependsOn('order', 'staff')`, server/store/projection.ts) the orders
 * whose events lie at or after the earliest new staff event are folded again:
 * the directory's answers before that point cannot have changed.
 */
import type { Kysely } from 'kysely';
import type { RoleOracle } from '../../shared/domain/cases/authority';
import { normalizeText } from '../../shared/domain/cases/searchText';
import { streamId, type EventEnvelope } from '../../shared/domain/kernel/envelope';
import { compareEvents, compareFoldKeys, foldKey } from '../../shared/domain/kernel/foldKey';
import { applyOrderEvent, foldOrder } from '../../shared/domain/orders/fold';
import { releaseGate } from '../../shared/domain/orders/gate';
import { ORDER_STREAM } from '../../shared/domain/orders/payloads';
import type { OrderState } from '../../shared/domain/orders/state';
import { isStaffEvent } from '../../shared/domain/staff/directory';
import { clearOrderFacts, writeOrderFacts } from './orderFacts';
import { chunks, readStreams, type ProjectionGroup, type ServerProjector } from './projectors';
import type { OrdersTable, ServerDB } from './schema';

/**
 * The role oracle of a branch for the folds of one push group (whose new
 * events are not in the log yet) or of a rebuild (an empty group); supplied
 * by the composition root (server/store/projection.ts).
 */
export type OrderBranchAuthority = (
  tx: Kysely<ServerDB>,
  branch: string,
  group: ProjectionGroup,
) => Promise<RoleOracle>;

/** Version of what an order row holds; a change rebuilds the projections at start-up. */
export const ORDER_ROW_VERSION = 7; // 2: order_facts (issue 14 repair KPIs, ./orderFacts.ts); 3: desk checks keyed, stale after rework or a quote change; 4: nothing changes after release, `original` items only on rework returns, a substitute counts against the part it replaces; 5: a substitution replaces a quoted part, calls and openings dated ahead of their event flagged, a hand-over from rework; 6: a part charged above its quoted price is a gate gap (part_over_quote); 7: the shipped templates' safety floor and checklist lines in the fold, an item the fold raised to safety counted in the QC report

/** The flag reasons of a state, distinct, sorted, each between spaces ('' when none). */
export function flagReasonsText(s: Pick<OrderState, 'flags'>): string {
  const reasons = [...new Set(s.flags.map((f) => f.reason))].sort();
  return reasons.length === 0 ? '' : ` ${reasons.join(' ')} `;
}

/** What the list's text filter matches: number, customer, phone, plate, VIN or serial, model. */
export function orderSearchText(s: OrderState): string {
  const { customer, subject } = s;
  return normalizeText(
    [s.number, customer.name, customer.phone, subject.plate, subject.vinOrSerial, subject.model].join(' '),
  );
}

/** The head-office row of an order. */
export function orderRow(s: OrderState, now: number): OrdersTable {
  const has = (reason: string) => (s.flags.some((f) => f.reason === reason) ? 1 : 0);
  return {
    id: s.id,
    branch: s.branch,
    number: s.number,
    kind: s.kind,
    status: s.status,
    customer_name: s.customer.name,
    customer_phone: s.customer.phone,
    plate: s.subject.plate,
    vin_or_serial: s.subject.vinOrSerial,
    owner: s.owner,
    received_at: s.receivedAt,
    promised_at: s.promisedAt,
    opened_hlc: s.openedHlc,
    last_hlc: s.lastHlc,
    released_hlc: s.released?.hlc ?? null,
    rework_of: s.reworkOf?.orderId ?? null,
    rework_of_number: s.reworkOf?.number ?? null,
    items: s.items.length,
    failed_inspections: s.failedInspections,
    flag_count: s.flags.length,
    flag_reasons: flagReasonsText(s),
    past_failure: has('released_past_failure'),
    failed_after_release: has('failed_after_release'),
    gate_gaps: s.released === null ? releaseGate(s).missing.length : 0,
    search_text: orderSearchText(s),
    state: JSON.stringify(s),
    updated_at: now,
  };
}

const UPDATED_COLUMNS = [
  'branch',
  'number',
  'kind',
  'status',
  'customer_name',
  'customer_phone',
  'plate',
  'vin_or_serial',
  'owner',
  'received_at',
  'promised_at',
  'opened_hlc',
  'last_hlc',
  'released_hlc',
  'rework_of',
  'rework_of_number',
  'items',
  'failed_inspections',
  'flag_count',
  'flag_reasons',
  'past_failure',
  'failed_after_release',
  'gate_gaps',
  'search_text',
  'state',
  'updated_at',
] as const satisfies readonly (keyof OrdersTable)[];

/** Inserts or replaces order rows, many per statement (27 parameters a row), and their facts rows. */
async function upsertOrders(tx: Kysely<ServerDB>, states: readonly OrderState[], now: number): Promise<void> {
  for (const part of chunks(
    states.map((s) => orderRow(s, now)),
    100,
  )) {
    await tx
      .insertInto('orders')
      .values(part)
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet((eb) => Object.fromEntries(UPDATED_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)]))),
      )
      .execute();
  }
  await writeOrderFacts(tx, states); // issue 14: the repair KPIs' row of each order
}

/** The branch whose staff judge an order: its state's, else its first `order.opened`'s in fold order. */
function orderBranch(state: OrderState | undefined, events: readonly EventEnvelope[]): string {
  if (state) return state.branch;
  const sorted = [...events].sort(compareEvents);
  return (sorted.find((e) => e.type === 'order.opened') ?? sorted[0])?.branch ?? '';
}

/** Branch oracles fetched at most once per fold run. */
class Oracles {
  private readonly byBranch = new Map<string, RoleOracle>();
  constructor(
    private readonly tx: Kysely<ServerDB>,
    private readonly group: ProjectionGroup,
    private readonly authority: OrderBranchAuthority,
  ) {}

  async of(branch: string): Promise<RoleOracle> {
    let o = this.byBranch.get(branch);
    if (o === undefined) {
      o = await this.authority(this.tx, branch, this.group);
      this.byBranch.set(branch, o);
    }
    return o;
  }
}

/** Folds new order events (not in the log yet) into their rows; folds a stream from its log when needed. */
async function applyOrders(
  tx: Kysely<ServerDB>,
  events: readonly EventEnvelope[],
  now: number,
  group: ProjectionGroup,
  authority: OrderBranchAuthority,
): Promise<void> {
  const byStream = new Map<string, EventEnvelope[]>();
  for (const e of events) byStream.set(e.stream, [...(byStream.get(e.stream) ?? []), e]);
  const current = new Map<string, OrderState>();
  for (const part of chunks([...byStream.keys()].map(streamId))) {
    const rows = await tx.selectFrom('orders').select(['id', 'state']).where('id', 'in', part).execute();
    for (const r of rows) current.set(r.id, JSON.parse(r.state) as OrderState);
  }
  const oracles = new Oracles(tx, group, authority);
  const states: OrderState[] = [];
  const refold: string[] = [];
  for (const [stream, fresh] of byStream) {
    const state = current.get(streamId(stream));
    const sorted = [...fresh].sort(compareEvents);
    const first = sorted[0];
    if (state && first && compareFoldKeys(foldKey(first), state.lastKey) > 0) {
      const roleAt = await oracles.of(state.branch);
      let s: OrderState = state;
      for (const e of sorted) s = applyOrderEvent(s, e, { roleAt }) ?? s;
      states.push(s);
    } else {
      refold.push(stream);
    }
  }
  if (refold.length > 0) {
    const logs = await readStreams(tx, refold);
    for (const stream of refold) {
      const all = [...(logs.get(stream) ?? []), ...(byStream.get(stream) ?? [])];
      const roleAt = await oracles.of(orderBranch(current.get(streamId(stream)), all));
      const state = foldOrder(all, { roleAt });
      if (state) states.push(state);
    }
  }
  await upsertOrders(tx, states, now);
}

/** The earliest HLC among the group's staff events of `branch`; null when it has none. */
function earliestStaffHlc(group: ProjectionGroup, branch: string): string | null {
  let min: string | null = null;
  for (const e of group.events) {
    if (e.branch !== branch || !isStaffEvent(e)) continue;
    if (min === null || e.hlc < min) min = e.hlc;
  }
  return min;
}

/**
 * The staff rows of `branches` changed in this group: folds again, from the
 * log and the group's new events, the orders of each branch with an event at
 * or after the earliest new staff event (before it, the directory answers as
 * it did), and rewrites those whose state changed.
 */
async function refreshOrders(
  tx: Kysely<ServerDB>,
  branches: readonly string[],
  now: number,
  group: ProjectionGroup,
  authority: OrderBranchAuthority,
): Promise<void> {
  const fresh = new Map<string, EventEnvelope[]>();
  for (const e of group.events) fresh.set(e.stream, [...(fresh.get(e.stream) ?? []), e]);
  const oracles = new Oracles(tx, group, authority);
  for (const branch of branches) {
    const from = earliestStaffHlc(group, branch);
    const ids = await tx
      .selectFrom('orders')
      .select('id')
      .where('branch', '=', branch)
      .$if(from !== null, (qb) => qb.where('last_hlc', '>=', from ?? ''))
      .execute();
    if (ids.length === 0) continue;
    const roleAt = await oracles.of(branch);
    for (const part of chunks(ids.map((r) => r.id))) {
      const stored = new Map<string, string>();
      const rows = await tx.selectFrom('orders').select(['id', 'state']).where('id', 'in', part).execute();
      for (const r of rows) stored.set(r.id, r.state);
      const streams = part.map((id) => `${ORDER_STREAM}:${id}`);
      const logs = await readStreams(tx, streams);
      const states: OrderState[] = [];
      for (const stream of streams) {
        const state = foldOrder([...(logs.get(stream) ?? []), ...(fresh.get(stream) ?? [])], { roleAt });
        if (state && JSON.stringify(state) !== stored.get(state.id)) states.push(state);
      }
      await upsertOrders(tx, states, now);
    }
  }
}

/** Folds every order stream of the log again; returns the number of order rows. */
async function rebuildOrders(
  tx: Kysely<ServerDB>,
  now: number,
  authority: OrderBranchAuthority,
): Promise<number> {
  const oracles = new Oracles(tx, { events: [] }, authority);
  const streams = await tx
    .selectFrom('events')
    .select('stream')
    .distinct()
    .where('stream', 'like', `${ORDER_STREAM}:%`)
    .execute();
  let n = 0;
  for (const part of chunks(streams.map((r) => r.stream))) {
    const logs = await readStreams(tx, part);
    const states: OrderState[] = [];
    for (const stream of part) {
      const events = logs.get(stream) ?? [];
      const state = foldOrder(events, { roleAt: await oracles.of(orderBranch(undefined, events)) });
      if (state) states.push(state);
    }
    await upsertOrders(tx, states, now);
    n += states.length;
  }
  return n;
}

/**
 * The order projector at head office. `authority` is the branch's staff
 * directory (server/store/projection.ts); `sharedLockNames` names what the
 * fold reads (the branch's staff lock), held shared by an order push.
 */
export function orderProjector(
  authority: OrderBranchAuthority,
  sharedLockNames?: (e: EventEnvelope) => string[],
): ServerProjector {
  return {
    kind: ORDER_STREAM,
    version: ORDER_ROW_VERSION,
    apply: (tx, events, now, group) => applyOrders(tx, events, now, group, authority),
    refresh: (tx, branches, now, group) => refreshOrders(tx, branches, now, group, authority),
    ...(sharedLockNames ? { sharedLockNames } : {}),
    clear: async (tx) => {
      await tx.deleteFrom('orders').execute();
      await clearOrderFacts(tx);
    },
    rebuild: (tx, now) => rebuildOrders(tx, now, authority),
  };
}
