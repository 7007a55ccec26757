/**
 * Desk benchmark (a script, not a test): `npm run bench:desk -- --cases N`.
 *
 * Seeds N realistic Chinese cases (each with its six step events, and the
 * follow-up facts of ./followUps.ts: closes, callbacks, pauses, contacts,
 * actions, late entries, over ten clerks) into a fresh temporary store through
 * the core's bulk append path, then times the first list page, searches, the
 * work queues (我的待办 and the supervisor board) through DeskApi `call`,
 * exactly as the renderer asks, a scheduler sweep, and deriving one case's
 * deadlines with 100 pauses across a year, and (issue 14) the whole analysis
 * of the seeded year against the year before (`analysis.run`). With `--orders M` (issue 11) it
 * also seeds M work orders (./orders.ts, ./deskOrders.ts) and times the order
 * board and the release gate check. Prints progress to stderr and one JSON
 * object as its last stdout line.
 *
 * The desk is set up, and its staff created, on 2 January 2026, before the
 * first seeded case or order: the folds judge each act with the role its
 * actor or signer held at the event's place in the fold order.
 */
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDesk } from '../../electron/desk';
import type { CallContext } from '../../shared/contract/api';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { caseGenerator } from './corpus';
import { followUpPlanner } from './followUps';
import { deriveDeadlines, type DeadlineFacts } from '../../shared/domain/deadlines/caseDeadlines';
import { foldSettings, settingsAt } from '../../shared/domain/settings/fold';
import { seedOrders, timeOrders } from './deskOrders';

/** Batches generated ahead and appended in one pipelined call. */
const GROUP_BATCHES = 20;
/** Timed runs of the year's analysis (each one is ~20 grouped scans of the year's facts). */
const ANALYSIS_RUNS = 20;
/** When the desk is set up and its staff created: before the corpus's first case (5 January 2026). */
const SETUP_MS = Date.UTC(2026, 0, 2, 1, 0, 0);

function arg(name: string, fallback: number, min = 1): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < min) {
    console.error(`--${name} needs a positive whole number`);
    process.exit(2);
  }
  return v;
}

function quantiles(samples: number[]): { p50: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return { p50: round(at(0.5)), p95: round(at(0.95)) };
}
const round = (x: number) => Math.round(x * 100) / 100;

async function main() {
  const cases = arg('cases', 100_000);
  const batchEvents = arg('batch', 7_000);
  const runs = arg('runs', 40);
  const orders = arg('orders', 0, 0);
  const keep = process.argv.includes('--keep');
  const dataDir = mkdtempSync(join(tmpdir(), 'loopdesk-bench-'));
  // The desk's clock: SETUP_MS for the setup and the staff, real time while seeding, then a day
  // after the last seeded case (queues and sweeps).
  let benchNow: number | null = SETUP_MS;
  const desk = openDesk({ dataDir, now: () => benchNow ?? Date.now(), deadlines: { timers: false } });
  const ctx: CallContext = { session: null, locale: 'zh-CN' };
  try {
    const setup = await desk.call(
      'desk.setup',
      {
        branchCode: 'GZ',
        branchName: '广州天河支行',
        deviceCode: '01',
        admin: { name: '基准管理员', login: 'bench', secretKind: 'password', secret: 'bench-password-1' },
      },
      ctx,
    );
    if (!setup.ok) throw new Error(`setup failed: ${setup.error.message}`);
    const session = setup.value as { token: string; staff: { id: string } };
    ctx.session = session.token;
    const clerks: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await desk.call(
        'staff.create',
        { name: `柜员${i}`, login: `clerk${i}`, role: 'counter', secretKind: 'pin', secret: '135790' },
        ctx,
      );
      if (!r.ok) throw new Error(`staff.create failed: ${r.error.message}`);
      clerks.push((r.value as { id: string }).id);
    }
    // The workshop's team lead and QC inspector sign the orders' checks; created before any order,
    // so the staff directory does not change while orders are appended.
    const workshop: Record<'lead' | 'qc', string> = { lead: '', qc: '' };
    for (const role of ['lead', 'qc'] as const) {
      const r = await desk.call(
        'staff.create',
        { name: `${role}0`, login: `${role}0`, role, secretKind: 'pin', secret: '135790' },
        ctx,
      );
      if (!r.ok) throw new Error(`staff.create failed: ${r.error.message}`);
      workshop[role] = (r.value as { id: string }).id;
    }
    benchNow = null;
    const admin = await desk.call('auth.signIn', { login: 'bench', secret: 'bench-password-1' }, ctx);
    if (!admin.ok) throw new Error(`sign-in failed: ${admin.error.message}`);
    ctx.session = (admin.value as { token: string }).token;

    // Seed from a second (simulated) device of the same branch, as sync would.
    const deviceId = '0196f3a0-0000-7000-8000-00000000be01';
    const gen = caseGenerator({
      deviceId,
      deviceCode: '02',
      actor: session.staff.id,
      followUps: followUpPlanner(clerks),
    });
    let lastCaseMs = 0;
    // Batches are generated ahead in groups (generation is not timed), then the
    // group goes through the pipelined bulk path: batch n+1 is checked on the
    // desk's checker thread while batch n is written. The pipeline drains at
    // the end of each group, so the figure is slightly pessimistic.
    let events = 0;
    let appendMs = 0;
    let generated = 0;
    const nextBatch = (): EventEnvelope[] => {
      const batch: EventEnvelope[] = [];
      while (generated < cases && batch.length < batchEvents) {
        const c = gen.next();
        batch.push(...c.events);
        lastCaseMs = Number(c.events[0]!.hlc.slice(0, 15)); // the opening's HLC wall time
        generated++;
      }
      return batch;
    };
    let reported = 0;
    while (generated < cases) {
      const group: EventEnvelope[][] = [];
      while (generated < cases && group.length < GROUP_BATCHES) group.push(nextBatch());
      const t0 = performance.now();
      const r = await desk.appendEventBatches(group);
      appendMs += performance.now() - t0;
      if (r.rejected.length) throw new Error(`rejected: ${JSON.stringify(r.rejected.slice(0, 3))}`);
      events += r.accepted;
      if (generated - reported >= 50_000) {
        reported = generated;
        console.error(`seeded ${generated} cases, ${Math.round(events / (appendMs / 1000))} events/s`);
      }
    }

    const time = async (input: Record<string, unknown>): Promise<number[]> => {
      const samples: number[] = [];
      for (let i = 0; i < runs + 3; i++) {
        const t0 = performance.now();
        const r = await desk.call('case.list', input, ctx);
        const dt = performance.now() - t0;
        if (!r.ok) throw new Error(`case.list failed: ${r.error.message}`);
        if (i >= 3) samples.push(dt); // first runs warm the page cache
      }
      return samples;
    };
    const search = async (terms: string[]) => {
      const all: number[] = [];
      for (const text of terms) all.push(...(await time({ text, limit: 50 })));
      return quantiles(all);
    };

    // ---- issue 11: work orders, seeded after the cases, ending a few days before the last case
    const orderSeed =
      orders > 0
        ? await seedOrders(desk, {
            orders,
            batchEvents,
            groupBatches: GROUP_BATCHES,
            deviceId,
            frontDesk: clerks,
            lead: workshop.lead,
            qc: workshop.qc,
            endMs: lastCaseMs,
            notBeforeMs: SETUP_MS + 86_400_000,
          })
        : null;
    if (orderSeed) {
      console.error(
        `seeded ${orders} orders: ${orderSeed.events} events, ${Math.round(orderSeed.events / (orderSeed.appendMs / 1000))} events/s`,
      );
    }

    const listFirstPage = quantiles(await time({ limit: 50 }));

    // ---- issue 9: the work queues, a scheduler sweep, one derivation
    benchNow = lastCaseMs + 86_400_000;
    const clerk = await desk.call('auth.signIn', { login: 'clerk0', secret: '135790' }, ctx);
    if (!clerk.ok) throw new Error(`sign-in failed: ${clerk.error.message}`);
    const clerkCtx: CallContext = { session: (clerk.value as { token: string }).token, locale: 'zh-CN' };
    const timeCall = async (method: string, input: unknown, c: CallContext, n = runs): Promise<number[]> => {
      const samples: number[] = [];
      for (let i = 0; i < n + 3; i++) {
        const t0 = performance.now();
        const r = await desk.call(method, input, c);
        const dt = performance.now() - t0;
        if (!r.ok) throw new Error(`${method} failed: ${r.error.message}`);
        if (i >= 3) samples.push(dt);
      }
      return samples;
    };
    const myWork = quantiles(await timeCall('work.mine', { limit: 50 }, clerkCtx));
    const board = quantiles(await timeCall('work.board', { limit: 20 }, ctx));
    // The first sweep raises every alert the seeded history calls for; the figure is a sweep after it.
    let t0 = performance.now();
    await desk.sweep();
    console.error(`first scheduler sweep (raises the backlog): ${round(performance.now() - t0)} ms`);
    const sweeps: number[] = [];
    for (let i = 0; i < 10; i++) {
      benchNow += 60_000;
      t0 = performance.now();
      await desk.sweep();
      sweeps.push(performance.now() - t0);
    }
    const sweepMs = quantiles(sweeps).p50;
    // ---- issue 14: the whole analysis of the seeded year against the year before, as the dashboard asks
    const year = new Date(SETUP_MS).getUTCFullYear();
    const analysisInput = {
      period: { fromDay: `${year}-01-01`, toDay: `${year + 1}-01-01` },
      compare: { fromDay: `${year - 1}-01-01`, toDay: `${year}-01-01` },
    };
    const analysisYear = quantiles(
      await timeCall('analysis.run', analysisInput, ctx, Math.min(runs, ANALYSIS_RUNS)),
    );
    const deriveUs = deriveOneCaseUs();
    const orderTimes = orderSeed
      ? await timeOrders(desk, dataDir, ctx, {
          runs,
          gateRuns: runs * 10,
          owner: clerks[0] ?? '',
          samples: orderSeed.samples,
        })
      : null;
    if (orderTimes) {
      for (const [name, samples] of Object.entries(orderTimes.boardByQuery)) {
        console.error(`order.list ${name}: ${JSON.stringify(quantiles(samples))}`);
      }
    }
    const result = {
      cases,
      events,
      append_events_per_s: Math.round(events / (appendMs / 1000)),
      list_first_page_ms: listFirstPage,
      search_ms: {
        cjk1: await search(['王', '费', '梯', '漏']),
        cjk2: await search(['短信', '理赔', '电梯', '刹车']),
        cjk4: await search(['短信订阅', '信用卡年', '网上银行', '携号转网']),
        latin: await search(['gz02', '1380', '0105', 'gz02-2026', '1300001', '5678']),
      },
      queue_ms: { my_work: myWork, supervisor_board: board },
      scheduler_sweep_ms: sweepMs,
      deadline_derive_us: deriveUs,
      analysis_year_ms: analysisYear,
      db_bytes: 0,
      ...(orderTimes
        ? {
            orders,
            order_board_ms: quantiles(orderTimes.board),
            release_gate_ms: quantiles(orderTimes.gate),
          }
        : {}),
    };
    desk.close();
    for (const f of ['loopdesk.db', 'loopdesk.db-wal']) {
      const p = join(dataDir, f);
      if (existsSync(p)) result.db_bytes += statSync(p).size;
    }
    console.log(JSON.stringify(result));
  } finally {
    try {
      desk.close();
    } catch {
      /* already closed */
    }
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
    else console.error(`store kept at ${dataDir}`);
  }
}

/**
 * Microseconds to derive the deadlines of one case with 100 pauses across a
 * year (2025, on the default calendar with the bundled holidays), open the
 * whole year, warm (the calendar's days memoised), median of 200 runs.
 */
function deriveOneCaseUs(): number {
  const received = Date.parse('2025-01-02T10:00:00+08:00');
  const step = (365 * 86_400_000) / 100;
  const facts: DeadlineFacts = {
    receivedMs: received,
    enteredMs: received + 600_000,
    severity: 'special',
    stepMs: { 1: received + 700_000, 2: received + 800_000, 3: received + 900_000, 4: received + 1_000_000 },
    closedMs: null,
    pauses: Array.from({ length: 100 }, (_, i) => ({
      fromMs: received + 3_600_000 + i * step,
      toMs: received + 3_600_000 + i * step + step / 2,
      reason: 'parts',
    })),
    contacts: [{ atMs: received + 7_200_000, outcome: 'no_answer' }],
    actions: [{ id: 'a', ownerStaffId: null, dueMs: received + 5 * 86_400_000, doneMs: null }],
    callbacks: [],
    promisedMs: received + 3 * 86_400_000,
    dueOverrideMs: null,
    owner: 'o',
    assignee: null,
  };
  const s = settingsAt(foldSettings([]), received);
  for (let i = 0; i < 20; i++) deriveDeadlines(facts, s.calendar, s.rules);
  const samples: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    deriveDeadlines(facts, s.calendar, s.rules);
    samples.push((performance.now() - t0) * 1000);
  }
  return Math.round(quantiles(samples).p50);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
