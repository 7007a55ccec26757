/**
 * Desk benchmark (a script, not a test): `npm run bench:desk -- --cases N`.
 *
 * Seeds N realistic Chinese cases (each with its six step events) into a fresh
 * temporary store through the core's bulk append path, then times the first list
 * page and searches through DeskApi `call`, exactly as the renderer asks. Prints
 * progress to stderr and one JSON object as its last stdout line.
 */
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDesk } from '../../electron/desk';
import type { CallContext } from '../../shared/contract/api';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { caseGenerator } from './corpus';

/** Batches generated ahead and appended in one pipelined call. */
const GROUP_BATCHES = 20;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) {
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
  const keep = process.argv.includes('--keep');
  const dataDir = mkdtempSync(join(tmpdir(), 'loopdesk-bench-'));
  const desk = openDesk({ dataDir });
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

    // Seed from a second (simulated) device of the same branch, as sync would.
    const gen = caseGenerator({
      deviceId: '0196f3a0-0000-7000-8000-00000000be01',
      deviceCode: '02',
      actor: session.staff.id,
    });
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
        batch.push(...gen.next().events);
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

    const listFirstPage = quantiles(await time({ limit: 50 }));
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
      db_bytes: 0,
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

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
