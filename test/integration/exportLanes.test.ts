/**
 * A CSV export on two lanes (decision 0047; electron/desk/features/exports/
 * lanes.ts): the file is byte for byte the one-lane file, whether the second
 * lane renders its pages, cannot start, finds another snapshot of the log,
 * or dies half way; filters find the same cases; a cancel stops both lanes
 * and leaves no file. The export job is run directly, with the desk's own
 * lane thread (electron/desk/exportLaneWorker.ts) or a stand-in.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE_NAME, openDesk } from '../../electron/desk';
import { caseLister } from '../../electron/desk/exportCases';
import { loadScriptResources } from '../../electron/desk/features/cases';
import { runExport, type ExportJobOptions } from '../../electron/desk/features/exports/job';
import type { LaneData, LaneReply } from '../../electron/desk/features/exports/lanes';
import { JobCancelled, type JobContext } from '../../electron/desk/kernel/jobs';
import { startThread } from '../../electron/desk/kernel/threads';
import type { ExportFilters } from '../../shared/contract/methods/exports';
import { createCase, openTestDesk, recordSteps, staffSession, type TestDesk } from './desk-fixtures';

const DESK_URL = pathToFileURL(path.resolve(__dirname, '../../electron/desk/index.ts')).href;
const CASES = 23;
const PAGE = 2; // 12 pages: past LANE_MIN_PAGES

let t: TestDesk;
let out: string;
let clerkId = '';

beforeAll(async () => {
  t = await openTestDesk({ jobs: { progressIntervalMs: 0 } });
  const clerk = await staffSession(t, 'counter', 'c1', '柜员甲');
  clerkId = clerk.staff.id;
  for (let i = 0; i < CASES; i++) {
    const c = await createCase(t, clerk.token, {
      account: i % 5 === 0 ? `=SUM(A1)\n第二行 "引号", 逗号 ${i}` : `普通投诉 ${i}`,
    });
    if (i % 3 === 0) await recordSteps(t, clerk.token, c.id, 2);
    if (i % 4 === 0)
      await t.must('case.addNote', { caseId: c.id, text: `备注 ${i}：客户来电。` }, clerk.token);
  }
  out = mkdtempSync(path.join(tmpdir(), 'loopdesk-lanes-'));
}, 120_000);

afterAll(() => {
  t.close();
  rmSync(out, { recursive: true, force: true });
});

const resources = loadScriptResources();

function options(lane?: ExportJobOptions['lane'], log?: (l: string) => void): ExportJobOptions {
  return {
    file: path.join(t.dir, DB_FILE_NAME),
    dir: out,
    lister: caseLister,
    script: resources.script,
    taxonomy: resources.taxonomy,
    timeZone: () => 'Asia/Shanghai',
    clock: () => ({ nowMs: Date.UTC(2026, 11, 1), soonMs: Date.UTC(2026, 11, 2) }),
    pageSize: PAGE,
    lane,
    log: log ?? (() => undefined),
  };
}

function context(onProgress?: (done: number) => void): { ctx: JobContext; abort: AbortController } {
  const abort = new AbortController();
  return {
    abort,
    ctx: { signal: abort.signal, progress: (done) => onProgress?.(done) },
  };
}

let n = 0;
async function exportCsv(o: ExportJobOptions, filters: ExportFilters = {}) {
  const id = `f${++n}`;
  const { ctx } = context();
  const r = await runExport(o, { format: 'csv', filters, locale: 'zh-CN' }, id, Date.UTC(2026, 11, 1), ctx);
  return { bytes: readFileSync(r.file.path), rows: r.result.counts?.cases, lanePages: r.lanePages };
}

/** The desk's lane thread, with the pages it renders counted. */
function countedLane(): { spawn: (d: LaneData) => Worker; pages: () => number } {
  let pages = 0;
  return {
    spawn: (d) => {
      const w = startThread(DESK_URL, 'exportLaneWorker', d);
      w.on('message', (m: LaneReply) => {
        if (m.type === 'page') pages++;
      });
      return w;
    },
    pages: () => pages,
  };
}

/** A stand-in lane thread running `code` (CommonJS, `parentPort` in scope). */
const fakeLane = (code: string) => () =>
  new Worker(`const { parentPort } = require('node:worker_threads');\n${code}`, { eval: true });

describe('a CSV export on two lanes', () => {
  it('makes the one-lane file byte for byte, the second lane rendering every other page', async () => {
    const one = await exportCsv(options());
    expect(one.rows).toBe(CASES);
    expect(one.lanePages).toBe(0);
    const lane = countedLane();
    const two = await exportCsv(options(lane.spawn));
    expect(two.rows).toBe(CASES);
    // The lane starts while the first pages are written here: it renders about half of the rest.
    expect(two.lanePages).toBeGreaterThanOrEqual(3);
    expect(two.lanePages).toBe(lane.pages());
    expect(two.bytes.equals(one.bytes)).toBe(true);
    // And it is a CSV an independent reader takes: a header and a record a case, multi-line text kept.
    const parsed = Papa.parse<string[]>(two.bytes.toString('utf8').replace(/^\uFEFF/, ''), {
      newline: '\r\n',
      skipEmptyLines: true,
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data.length).toBe(CASES + 1);
    expect(parsed.data.some((r) => r.at(-1)!.includes('=SUM(A1)\n第二行 "引号", 逗号'))).toBe(true);
  }, 60_000);

  it('finds the same cases for filters (text search and a field)', async () => {
    const filters: ExportFilters[] = [{ text: '普通投诉' }, { owner: clerkId }, { text: '引号' }];
    for (const f of filters) {
      const one = await exportCsv(options(), f);
      const two = await exportCsv(options(countedLane().spawn), f);
      expect(two.bytes.equals(one.bytes), JSON.stringify(f)).toBe(true);
      expect(two.rows).toBe(one.rows);
      // The second lane takes part from LANE_MIN_PAGES pages on (8 pages of 2 cases).
      expect(two.lanePages! > 0, JSON.stringify(f)).toBe(two.rows! > PAGE * 7);
    }
  }, 60_000);

  it('goes on alone when the lane cannot start, sees another snapshot, or dies half way', async () => {
    const one = await exportCsv(options());
    const lines: string[] = [];
    const log = (l: string) => lines.push(l);

    const cannot = await exportCsv(
      options(() => {
        throw new Error('no threads here');
      }, log),
    );
    expect(cannot.bytes.equals(one.bytes)).toBe(true);
    expect(cannot.lanePages).toBe(0);
    expect(lines.join('\n')).toMatch(/lane cannot start \(no threads here\)/);

    // A lane whose snapshot is not the export's (a write landed between the two): it renders nothing.
    const stale = await exportCsv(
      options((d) => startThread(DESK_URL, 'exportLaneWorker', { ...d, mark: d.mark - 1 }), log),
    );
    expect(stale.bytes.equals(one.bytes)).toBe(true);
    expect(stale.lanePages).toBe(0);
    expect(lines.join('\n')).toMatch(/snapshot differs/);

    // A lane that says it is ready, then stops at the first page it is asked for.
    const dies = await exportCsv(
      options(
        fakeLane(`parentPort.postMessage({ type: 'ready' });
          parentPort.on('message', () => process.exit(3));`),
        log,
      ),
    );
    expect(dies.bytes.equals(one.bytes)).toBe(true);
    expect(dies.lanePages).toBe(0);
    expect(lines.join('\n')).toMatch(/stopped with exit code 3/);

    const fails = await exportCsv(
      options(
        fakeLane(`parentPort.postMessage({ type: 'ready' });
          parentPort.on('message', () => parentPort.postMessage({ type: 'failed', detail: 'disk gone' }));`),
        log,
      ),
    );
    expect(fails.bytes.equals(one.bytes)).toBe(true);
    expect(lines.join('\n')).toMatch(/disk gone/);
  }, 60_000);

  it('a cancel stops both lanes and leaves no file', async () => {
    let exited: Promise<number> | null = null;
    const { ctx, abort } = context((done) => {
      if (done >= PAGE * 3) abort.abort();
    });
    const before = readdirSync(out).length;
    const run = runExport(
      options((d) => {
        const w = startThread(DESK_URL, 'exportLaneWorker', d);
        exited = new Promise((resolve) => w.once('exit', resolve));
        return w;
      }),
      { format: 'csv', filters: {}, locale: 'zh-CN' },
      'cancelled',
      Date.UTC(2026, 11, 1),
      ctx,
    );
    await expect(run).rejects.toBeInstanceOf(JobCancelled);
    expect(existsSync(path.join(out, 'cancelled.part'))).toBe(false);
    expect(existsSync(path.join(out, 'cancelled.csv'))).toBe(false);
    expect(readdirSync(out).length).toBe(before);
    // The lane thread was started and is stopped (it would otherwise wait for pages for ever).
    expect(exited).not.toBeNull();
    await exited;
  }, 60_000);
});

describe('the desk’s export thread with a second lane', () => {
  it('makes the same file as one lane', async () => {
    const d = await openTestDesk({ jobs: { progressIntervalMs: 0 } });
    const files: Buffer[] = [];
    try {
      const clerk = await staffSession(d, 'counter', 'c1', '柜员甲');
      for (let i = 0; i < 20; i++) await createCase(d, clerk.token, { account: `投诉 ${i}` });
      d.core.close();
      for (const lanes of [2, 1] as const) {
        const desk = openDesk({
          dataDir: d.dir,
          jobs: { progressIntervalMs: 0 },
          exports: { pageSize: PAGE, lanes },
        });
        try {
          const s = desk.exports.start({ format: 'csv' }, 'zh-CN');
          if (!s.ok) throw new Error(JSON.stringify(s.error));
          const job = await desk.jobs.whenSettled(s.value.id);
          expect(job?.state, JSON.stringify(job?.error)).toBe('done');
          files.push(readFileSync(desk.exports.file(job!.result!.file!.id)!.path));
        } finally {
          desk.close();
        }
      }
    } finally {
      d.close();
    }
    expect(files[0]!.equals(files[1]!)).toBe(true);
    expect(files[0]!.toString('utf8').split('\r\n').length).toBe(20 + 2);
  }, 120_000);
});
