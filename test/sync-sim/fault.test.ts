/**
 * Three desks in two branches (two in GZ, one in SZ) record cases, steps,
 * notes and field edits in a seeded random interleaving while a seeded fault
 * proxy drops requests, drops answers (lost acks), duplicates, delays and
 * reorders requests. Mid-run the server is killed (with a request in flight)
 * and started again on the same data; desks crash right after a local commit
 * or in the middle of a sync and come back from their folders. Then the line
 * clears, every desk syncs until nothing moves, and the invariants hold:
 * same folded state everywhere, no event lost or doubled, replays add
 * nothing, cursors only moved forward (test/sync-sim/harness.ts).
 *
 * Replay a failing run with LOOPDESK_SIM_SEEDS=<seed> (printed in the failure).
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import type { Result } from '../../shared/contract/result';
import { FaultProxy, type ProxyCounters } from './faultProxy';
import { checkInvariants, quiesce, seedsFromEnv, SimServer, simEngines, until } from './harness';
import { addNote, closeCase, createCase, recordNextStep, reopenCase, setRandomField } from './ops';
import { Random } from './random';
import { request } from '../integration/server-fixtures';
import { SimDesk } from './simDesk';

const SEEDS = seedsFromEnv([101, 202, 303, 404, 505]);
const STEPS = 150;

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** Faults injected over every seed of the file: each kind must have happened at least once. */
const total: Partial<ProxyCounters> = {};
afterAll(() => {
  if (!SEEDS.length || process.env.LOOPDESK_SIM_SEEDS) return;
  for (const k of ['droppedRequests', 'droppedResponses', 'duplicated', 'delayed', 'reordered'] as const) {
    expect(total[k] ?? 0, `fault kind ${k} never injected over seeds ${SEEDS.join(',')}`).toBeGreaterThan(0);
  }
});

const DESKS = [
  { name: 'GZ-01', branch: 'GZ', branchName: '广州天河支行', deviceCode: '01', timers: false },
  // This one also syncs on its own (debounce after writes, backoff after failures).
  { name: 'GZ-02', branch: 'GZ', branchName: '广州天河支行', deviceCode: '02', timers: true },
  { name: 'SZ-01', branch: 'SZ', branchName: '深圳福田支行', deviceCode: '01', timers: false },
];

type Op =
  | 'create'
  | 'step'
  | 'note'
  | 'field'
  | 'close'
  | 'reopen'
  | 'syncStart'
  | 'syncWait'
  | 'crashAfterWrite'
  | 'crashMidSync'
  | 'attach'
  | 'reenrol';

const WEIGHTS: Record<Op, number> = {
  create: 4,
  step: 5,
  note: 2,
  field: 3,
  close: 1,
  reopen: 1,
  syncStart: 6,
  syncWait: 3,
  crashAfterWrite: 1,
  crashMidSync: 1,
  attach: 1,
  reenrol: 0.5,
};

/** Enrols through the faulty line; a lost answer is repeated with the same code (docs/protocol.md §2.5). */
async function enrolThroughProxy(d: SimDesk, url: string, code: string): Promise<number> {
  let last: Result<unknown> | null = null;
  for (let attempt = 1; attempt <= 12; attempt++) {
    last = await d.call('sync.configure', { serverUrl: url, code });
    if (last.ok) return attempt;
  }
  throw new Error(`${d.name}: enrolment failed 12 times through the proxy: ${JSON.stringify(last)}`);
}

async function runScenario(engine: 'sqlite' | 'postgres', seed: number): Promise<void> {
  const rng = new Random(seed);
  const server = await SimServer.create(engine);
  cleanup.push(() => server.dispose());
  await server.start();
  const proxy = new FaultProxy({ seed, target: server.url });
  cleanup.push(() => proxy.close());

  const desks: SimDesk[] = [];
  for (const spec of DESKS) {
    const d = await SimDesk.create({ ...spec, sync: { timers: spec.timers } });
    cleanup.push(() => d.dispose());
    desks.push(d);
  }
  const lanes = new Map<SimDesk, string>();
  for (const d of desks) {
    const url = await proxy.lane(d.name);
    lanes.set(d, url);
    await enrolThroughProxy(d, url, await server.code(d.branch));
  }

  const killAt = rng.int(30, 90);
  const restartAt = killAt + rng.int(3, 12);
  const background: Promise<unknown>[] = [];
  const downUntil = new Map<SimDesk, number>();
  /** sha256 -> the branch whose desk uploaded it (attachments are scoped to their branch). */
  const attachments = new Map<string, string>();
  let reenrolments = 0;
  const knownCases = async (d: SimDesk) => d.caseIds();
  const label = () =>
    `engine=${engine} seed=${seed}; replay with LOOPDESK_SIM_SEEDS=${seed}\n${proxy.describe()}`;

  try {
    for (let step = 0; step < STEPS; step++) {
      if (step === killAt) {
        // Kill the server while a desk's request is on its way.
        const d = rng.pick(desks.filter((x) => x.open));
        const before = proxy.requestsOn(d.name);
        background.push(d.core.syncNow().catch(() => undefined));
        await until(`a request from ${d.name} before the kill`, () =>
          proxy.requestsOn(d.name) > before ? true : undefined,
        ).catch(() => undefined);
        await server.stop();
        // While it is down, a desk's sync fails as "offline" and keeps everything queued.
        // (The first run may still push what an earlier run, in flight at the kill, got through.)
        const probe = rng.pick(desks.filter((x) => x.open));
        const first = await probe.syncNow();
        const s = await probe.syncNow();
        for (const x of [first, s]) {
          expect(x.state, `${probe.name} while the server is down`).toBe('offline');
          expect(['server_error', 'unreachable']).toContain(x.lastError?.code);
          expect(x.lastError?.message).toMatch(/[\u4e00-\u9fff]/);
        }
        expect(s.pending, `${probe.name}: nothing leaves the outbox while the server is down`).toBe(
          first.pending,
        );
      }
      if (step === restartAt) {
        await server.start();
        proxy.setTarget(server.url);
      }
      for (const [d, at] of downUntil) {
        if (step >= at) {
          downUntil.delete(d);
          await d.reopen();
        }
      }

      const desk = rng.pick(desks);
      const op = rng.weighted(WEIGHTS);
      if (!desk.open) continue; // crashed, not back yet
      const cases = await knownCases(desk);
      const target = cases.length > 0 ? rng.pick(cases) : null;
      switch (op) {
        case 'create':
          await createCase(desk, rng);
          break;
        case 'step':
          if (target) await recordNextStep(desk, target);
          break;
        case 'note':
          if (target)
            await addNote(
              desk,
              target,
              `第${step}步：${rng.pick(['已回电', '客户补充材料', '等待后台核实'])}`,
            );
          break;
        case 'field':
          if (target) await setRandomField(desk, rng, target);
          break;
        case 'close':
          if (target) await closeCase(desk, target);
          break;
        case 'reopen':
          if (target && (await desk.getCase(target)).status === 'closed') await reopenCase(desk, target);
          break;
        case 'syncStart':
          background.push(desk.core.syncNow().catch(() => undefined));
          break;
        case 'syncWait':
          await desk.syncNow();
          break;
        case 'crashAfterWrite': {
          // Killed between the local commit and its push.
          const c: CaseDetail = await createCase(desk, rng);
          expect(c.number.startsWith(`${desk.branch}${desk.deviceCode}-`)).toBe(true);
          desk.crash();
          downUntil.set(desk, step + rng.int(0, 4));
          break;
        }
        case 'attach': {
          // An evidence photo: its own upload queue, HEAD then an idempotent PUT, through the same faults.
          const bytes = Buffer.from(`现场照片 seed ${seed} step ${step} `.repeat(rng.int(10, 3000)), 'utf8');
          attachments.set(desk.core.enqueueAttachment(bytes).sha256, desk.branch);
          break;
        }
        case 'reenrol': {
          // Head office hands out a re-enrol code for this desk (e.g. after a reinstall): the token
          // is replaced, nothing else changes.
          if (!server.server) break;
          await enrolThroughProxy(
            desk,
            lanes.get(desk)!,
            await server.code(desk.branch, 'supervisor', desk.deviceId),
          );
          reenrolments++;
          break;
        }
        case 'crashMidSync': {
          // Killed while a sync run has a request in flight (its answer may be lost for good).
          if (target) await addNote(desk, target, '同步途中断电前的备注');
          const before = proxy.requestsOn(desk.name);
          background.push(desk.core.syncNow().catch(() => undefined));
          await until(`a request from ${desk.name}`, () =>
            proxy.requestsOn(desk.name) > before ? true : undefined,
          ).catch(() => undefined);
          await new Promise((r) => setTimeout(r, rng.int(0, 30)));
          desk.crash();
          downUntil.set(desk, step + rng.int(0, 4));
          break;
        }
      }
    }

    // Quiescence: the server is up, every desk is back, the line is clean.
    if (!server.server) {
      await server.start();
      proxy.setTarget(server.url);
    }
    for (const d of desks) if (!d.open) await d.reopen();
    proxy.mode = 'pass';
    // Runs started in the background finish (bounded: a crashed desk's run ends when it is closed).
    await until(
      'background sync runs to finish',
      async () => {
        const pending = await Promise.race([
          Promise.allSettled(background).then(() => false),
          new Promise<boolean>((r) => setImmediate(() => r(true))),
        ]);
        return pending ? undefined : true;
      },
      15_000,
    );
    await quiesce(server, desks, { label });
    const report = await checkInvariants(server, desks, label());
    // Every queued evidence file reached the server, for its own branch (issue 8: scoped).
    for (const [sha, branch] of attachments) {
      const reader = await server.reader(branch);
      const head = await request(server.running, 'HEAD', `/v1/attachments/${sha}`, { token: reader.token });
      expect(head.status, `attachment ${sha} on the server (${label()})`).toBe(200);
    }
    const c = proxy.counters;
    console.log(
      `[sync-sim] fault ${engine} seed=${seed}: ${report.events} events, ${report.cases} cases, ` +
        `${desks.reduce((n, d) => n + d.restarts, 0)} desk restarts, ${reenrolments} re-enrolments, ` +
        `${attachments.size} files; proxy: ${c.requests} requests, ${c.droppedRequests} dropped, ` +
        `${c.droppedResponses} answers lost, ${c.duplicated} duplicated, ${c.delayed} delayed, ` +
        `${c.reordered} reordered, ${c.upstreamErrors} while the server was down`,
    );

    expect(server.starts, label()).toBe(2);
    expect(
      desks.reduce((n, d) => n + d.restarts, 0),
      `desk restarts (${label()})`,
    ).toBeGreaterThan(0);
    expect(report.cases, label()).toBeGreaterThan(0);
    expect(proxy.faultCount, `faults injected (${label()})`).toBeGreaterThan(10);
    for (const [k, v] of Object.entries(proxy.counters)) {
      total[k as keyof ProxyCounters] = (total[k as keyof ProxyCounters] ?? 0) + v;
    }
  } catch (e) {
    // Every failure names the seed that replays it.
    if (e instanceof Error && !e.message.includes(`seed=${seed}`)) e.message = `[${label()}]\n${e.message}`;
    throw e;
  }
}

describe.each(simEngines())('desks and server under a seeded fault proxy (%s)', (engine) => {
  const seeds = engine === 'sqlite' ? SEEDS : SEEDS.slice(0, 2);
  it.each(seeds)(
    'seed %i: faults, a server restart and desk crashes; then every replica converges',
    async (seed) => {
      await runScenario(engine, seed);
    },
    90_000,
  );
});
