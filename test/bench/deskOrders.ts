/**
 * The desk benchmark's work-order phases (issue 11, `--orders M`): seeding M
 * orders through the core's bulk path (./orders.ts makes them), then timing
 * the board (`order.list` through DeskApi `call`, as the renderer asks) and
 * the release gate check (the release handler's read of the order's state
 * and `releaseGate`, in an IMMEDIATE transaction as the handler runs it).
 */
import { performance } from 'node:perf_hooks';
import type { CallContext } from '../../shared/contract/api';
import { ORDER_STATUSES } from '../../shared/contract/methods/orders';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { releaseGate } from '../../shared/domain/orders/gate';
import { loadOrderTemplates } from '../../shared/domain/orders/template';
import templatesJson from '../../resources/repair/templates.json';
import { dbFile, type DeskCore } from '../../electron/desk';
import { openDatabase } from '../../electron/desk/db/open';
import { orderState } from '../../electron/desk/features/orders/queries';
import { orderGenerator, type GeneratedOrder } from './orders';
import { prng } from './corpus';

const DAY = 86_400_000;
/** Mean time between two orders' openings: 200,000 orders over 46 days. */
const ORDER_GAP_MS = 20_000;

export interface OrderSeedOptions {
  orders: number;
  batchEvents: number;
  groupBatches: number;
  deviceId: string;
  /** Front-desk clerks, the team lead and the QC inspector (created before the first order). */
  frontDesk: readonly string[];
  lead: string;
  qc: string;
  /** The orders end a few days before this (the benchmark's last case), and start after `notBeforeMs`. */
  endMs: number;
  notBeforeMs: number;
}

export interface OrderSeedResult {
  events: number;
  appendMs: number;
  /** Numbers, phones and plates of a few seeded orders, for the board's text filters. */
  samples: GeneratedOrder[];
}

/** Seeds the orders in groups of batches (whole orders per batch) through the pipelined bulk path. */
export async function seedOrders(desk: DeskCore, o: OrderSeedOptions): Promise<OrderSeedResult> {
  const startMs = Math.max(o.notBeforeMs, o.endMs - 5 * DAY - o.orders * ORDER_GAP_MS);
  const gen = orderGenerator({
    deviceId: o.deviceId,
    deviceCode: '02',
    startMs,
    meanGapMs: ORDER_GAP_MS,
    templates: loadOrderTemplates(templatesJson),
    frontDesk: o.frontDesk,
    lead: o.lead,
    qc: o.qc,
  });
  const samples: GeneratedOrder[] = [];
  let generated = 0;
  let events = 0;
  let appendMs = 0;
  let reported = 0;
  const nextBatch = (): EventEnvelope[] => {
    const batch: EventEnvelope[] = [];
    while (generated < o.orders && batch.length < o.batchEvents) {
      const order = gen.next();
      if (generated % 997 === 0) samples.push({ ...order, events: [] });
      batch.push(...order.events);
      generated++;
    }
    return batch;
  };
  while (generated < o.orders) {
    const group: EventEnvelope[][] = [];
    while (generated < o.orders && group.length < o.groupBatches) group.push(nextBatch());
    const t0 = performance.now();
    const r = await desk.appendEventBatches(group);
    appendMs += performance.now() - t0;
    if (r.rejected.length) throw new Error(`orders rejected: ${JSON.stringify(r.rejected.slice(0, 3))}`);
    events += r.accepted;
    if (generated - reported >= 50_000) {
      reported = generated;
      console.error(`seeded ${generated} orders, ${Math.round(events / (appendMs / 1000))} events/s`);
    }
  }
  return { events, appendMs, samples };
}

export interface OrderTimings {
  board: number[];
  /** Per query, for the notes (stderr). */
  boardByQuery: Record<string, number[]>;
  gate: number[];
}

/**
 * The board: the first page of each status and of the filters the board
 * offers (kind, owner, flagged, rework returns, text: a number, a phone, a
 * plate, a surname), `runs` timed calls each after 3 warm-up calls. The gate:
 * `gateRuns` random orders, after 20 warm-up checks.
 */
export async function timeOrders(
  desk: DeskCore,
  dataDir: string,
  ctx: CallContext,
  o: { runs: number; gateRuns: number; owner: string; samples: readonly GeneratedOrder[] },
): Promise<OrderTimings> {
  const sample = o.samples[Math.floor(o.samples.length / 2)] ?? o.samples[0];
  const queries: Record<string, Record<string, unknown>> = { all: { limit: 50 } };
  for (const status of ORDER_STATUSES) queries[`status_${status}`] = { status, limit: 50 };
  queries.kind = { kind: 'car_repair', limit: 50 };
  queries.owner = { owner: o.owner, limit: 50 };
  queries.owner_in_work = { owner: o.owner, status: 'in_work', limit: 50 };
  queries.flagged = { flagged: true, limit: 50 };
  queries.rework = { rework: true, limit: 50 };
  queries.rework_open = { rework: true, status: 'open', limit: 50 };
  if (sample) {
    queries.text_number = { text: sample.number, limit: 50 };
    queries.text_phone = { text: sample.phone, limit: 50 };
    if (sample.plate !== '') queries.text_plate = { text: sample.plate.slice(-5), limit: 50 };
  }
  queries.text_surname = { text: '王', limit: 50 };
  const boardByQuery: Record<string, number[]> = {};
  const board: number[] = [];
  for (const [name, input] of Object.entries(queries)) {
    const samples: number[] = [];
    for (let i = 0; i < o.runs + 3; i++) {
      const t0 = performance.now();
      const r = await desk.call('order.list', input, ctx);
      const dt = performance.now() - t0;
      if (!r.ok) throw new Error(`order.list ${name} failed: ${r.error.message}`);
      if (i >= 3) samples.push(dt);
    }
    boardByQuery[name] = samples;
    board.push(...samples);
  }

  // The gate: the release handler's read and check (electron/desk/features/orders/release.ts:
  // writeOrder's IMMEDIATE transaction, orderState, releaseGate), on a connection of its own.
  const database = openDatabase(dbFile(dataDir));
  try {
    const view = { d: database };
    const ids = database.sqlite.prepare('SELECT id FROM orders').pluck().all() as string[];
    if (ids.length === 0) throw new Error('no orders to check');
    const rand = prng(5);
    const check = database.sqlite.transaction((id: string) => {
      const state = orderState(view, id);
      if (state === null) throw new Error(`order ${id} has no state`);
      return releaseGate(state);
    });
    const gate: number[] = [];
    for (let i = 0; i < o.gateRuns + 20; i++) {
      const id = ids[Math.floor(rand() * ids.length)] as string;
      const t0 = performance.now();
      check.immediate(id);
      const dt = performance.now() - t0;
      if (i >= 20) gate.push(dt);
    }
    return { board, boardByQuery, gate };
  } finally {
    database.close();
  }
}
