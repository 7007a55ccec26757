/**
 * Issue 13 benchmark (a script, not a test): `npm run bench:export -- --cases N`.
 *
 * Seeds N realistic cases with their full threads (./corpus.ts, ./followUps.ts)
 * into a fresh desk through the core's bulk append path, as the desk's OWN
 * device, so every event is also chained (the audit chain's write cost is in
 * the append figure printed on stderr), then times each part of issue 13 that
 * has landed. The last stdout line is one JSON object with every key of the
 * issue; a part not built yet prints null:
 *
 *   {"cases":N,"csv_rows_per_s":a,"csv_peak_rss_mb":b,"xlsx_rows_per_s":c,
 *    "xlsx_peak_rss_mb":d,"import_rows":R,"import_rows_per_s":e,"verify_events_per_s":f}
 *
 * csv_* and xlsx_*: every case exported as CSV and as XLSX through the desk's
 * export job, each in a Node process of its own (so its peak RSS is the
 * export's, not the seeding's), from bundles as the desktop app and `npm run
 * cli -- export` run it (two lanes for the CSV, decision 0047; `--tsx`: under
 * tsx, as browser mode runs it, on one lane); each run's CPU time is printed
 * on stderr (steadier than wall time on a shared machine).
 *
 * import_rows, import_rows_per_s: a generated log of R rows (`--import-rows R`,
 * default 100,000) imported as an XLSX through DeskApi (./importBench.ts).
 *
 * verify_events_per_s: `verify` of the whole log (every event's hash, the
 * audit chain, the checkpoints; electron/desk/features/audit/verifyDesk.ts)
 * on a read-only connection, as `npm run cli -- verify` runs it.
 *
 * `--only verify` times verify alone (the export runs are skipped and print null).
 *
 * Internal: `--child <dataDir> <format>` is one export run (the child process).
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { DB_FILE_NAME, openDesk, verifyDesk } from '../../electron/desk';
import type { CallContext } from '../../shared/contract/api';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { caseGenerator } from './corpus';
import { followUpPlanner } from './followUps';
import { benchImport } from './importBench';

const SETUP_MS = Date.UTC(2026, 0, 2, 1, 0, 0);
const BATCH_EVENTS = 7_000;
const GROUP_BATCHES = 20;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1) {
    console.error(`--${name} needs a positive whole number`);
    process.exit(2);
  }
  return v;
}

interface Figures {
  cases: number;
  csv_rows_per_s: number | null;
  csv_peak_rss_mb: number | null;
  xlsx_rows_per_s: number | null;
  xlsx_peak_rss_mb: number | null;
  import_rows: number | null;
  import_rows_per_s: number | null;
  verify_events_per_s: number | null;
}

interface RunResult {
  rows: number;
  ms: number;
  /** CPU time of the export process meanwhile (user + system): steadier than wall time on a shared machine. */
  cpuMs: number;
  bytes: number;
  peakRssMb: number;
}

/** One export in this process: the file is made and measured, then dropped. */
async function child(dataDir: string, format: 'csv' | 'xlsx'): Promise<void> {
  const pageSize = Number(process.env.BENCH_EXPORT_PAGE ?? '') || undefined;
  const lanes = process.env.BENCH_EXPORT_LANES === '1' ? 1 : undefined; // A/B: one lane in a bundle
  const desk = openDesk({
    dataDir,
    sync: false,
    deadlines: { timers: false },
    evidence: { timers: false },
    exports: { pageSize, lanes },
  });
  try {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const started = desk.exports.start({ format }, 'zh-CN');
    if (!started.ok) throw new Error(started.error.message);
    const job = await desk.jobs.whenSettled(started.value.id);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    if (job?.state !== 'done')
      throw new Error(`export ${format} ended ${job?.state}: ${job?.error?.message}`);
    const r: RunResult = {
      rows: job.result?.counts?.cases ?? 0,
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      bytes: job.result?.file?.bytes ?? 0,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
    process.stdout.write(`${JSON.stringify(r)}\n`);
  } finally {
    desk.close();
  }
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * This script bundled as the desktop app is (scripts/build-electron.mjs,
 * into dist-bench/ with every thread's bundle beside it): the child then runs
 * the export as the app does, each thread started from its bundle, not under
 * tsx, whose TypeScript loader costs every thread about 80 MB (decision 0047).
 * `--tsx` runs the child under tsx instead.
 */
function bundledChild(): string[] {
  const self = fileURLToPath(import.meta.url);
  if (process.argv.includes('--tsx')) return ['--import', 'tsx', self];
  const built = spawnSync(
    process.execPath,
    [
      join(ROOT, 'scripts', 'build-electron.mjs'),
      '--out',
      'dist-bench',
      '--entry',
      'test/bench/export.ts=bench-export.cjs',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (built.status !== 0) throw new Error('scripts/build-electron.mjs failed');
  return [join(ROOT, 'dist-bench', 'bench-export.cjs')];
}

function runChild(child: string[], dataDir: string, format: 'csv' | 'xlsx'): RunResult {
  const p = spawnSync(process.execPath, [...child, '--child', dataDir, format], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
    env: { ...process.env, LOOPDESK_RESOURCES: join(ROOT, 'resources') },
  });
  if (p.status !== 0) throw new Error(`${format} export failed (exit ${p.status})`);
  const last = p.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as RunResult;
}

async function main(): Promise<void> {
  const c = process.argv.indexOf('--child');
  if (c >= 0) {
    const format = process.argv[c + 2];
    if (format !== 'csv' && format !== 'xlsx') throw new Error('--child <dataDir> csv|xlsx');
    return child(process.argv[c + 1] ?? '', format);
  }
  const cases = arg('cases', 100_000);
  const keep = process.argv.includes('--keep');
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
  if (only !== null && only !== 'verify') {
    console.error('--only takes: verify');
    process.exit(2);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'loopdesk-bench-export-'));
  let benchNow: number | null = SETUP_MS;
  const desk = openDesk({
    dataDir,
    sync: false,
    now: () => benchNow ?? Date.now(),
    deadlines: { timers: false },
  });
  const ctx: CallContext = { session: null, locale: 'zh-CN' };
  const figures: Figures = {
    cases,
    csv_rows_per_s: null,
    csv_peak_rss_mb: null,
    xlsx_rows_per_s: null,
    xlsx_peak_rss_mb: null,
    import_rows: null,
    import_rows_per_s: null,
    verify_events_per_s: null,
  };
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
    benchNow = null;
    const meta = new Database(join(dataDir, DB_FILE_NAME), { readonly: true });
    const deviceId = (
      meta.prepare("SELECT value FROM meta WHERE key = 'device.id'").get() as { value: string }
    ).value;
    meta.close();

    // ---- seed, as this desk's own device (every event chained)
    const gen = caseGenerator({
      deviceId,
      deviceCode: '01',
      actor: session.staff.id,
      followUps: followUpPlanner(clerks),
    });
    let generated = 0;
    let events = 0;
    let appendMs = 0;
    let reported = 0;
    const nextBatch = (): EventEnvelope[] => {
      const batch: EventEnvelope[] = [];
      while (generated < cases && batch.length < BATCH_EVENTS) {
        batch.push(...gen.next().events);
        generated++;
      }
      return batch;
    };
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
        console.error(
          `seeded ${generated} cases, ${Math.round(events / (appendMs / 1000))} events/s (chained)`,
        );
      }
    }
    console.error(
      `seeded ${cases} cases: ${events} events, ${Math.round(events / (appendMs / 1000))} events/s appended and chained`,
    );

    // ---- X1: verify (read-only connection, as the CLI)
    const db = new Database(join(dataDir, DB_FILE_NAME), { readonly: true });
    try {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const report = verifyDesk(db);
      const s = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      if (report.bad !== 0) throw new Error(`verify found ${report.bad} problems in a fresh desk`);
      figures.verify_events_per_s = Math.round(report.events / s);
      console.error(
        `verify: ${report.events} events (${report.chained} chained) in ${s.toFixed(2)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s)`,
      );
    } finally {
      db.close();
    }

    // ---- X2: CSV and XLSX exports, each in a process of its own (the desk closed first)
    desk.close();
    if (only !== 'verify') {
      const perS = (r: RunResult) => Math.round(r.rows / (r.ms / 1000));
      const child = bundledChild();
      const csv = runChild(child, dataDir, 'csv');
      console.error(
        `csv: ${csv.rows} rows, ${Math.round(csv.ms)} ms (CPU ${Math.round(csv.cpuMs)} ms), ${csv.bytes} bytes, peak RSS ${csv.peakRssMb.toFixed(0)} MB`,
      );
      figures.csv_rows_per_s = perS(csv);
      figures.csv_peak_rss_mb = Math.round(csv.peakRssMb);
      const xlsx = runChild(child, dataDir, 'xlsx');
      console.error(
        `xlsx: ${xlsx.rows} rows, ${Math.round(xlsx.ms)} ms (CPU ${Math.round(xlsx.cpuMs)} ms), ${xlsx.bytes} bytes, peak RSS ${xlsx.peakRssMb.toFixed(0)} MB`,
      );
      figures.xlsx_rows_per_s = perS(xlsx);
      figures.xlsx_peak_rss_mb = Math.round(xlsx.peakRssMb);

      // ---- X4: import of a hand-kept log (./importBench.ts)
      const imported = await benchImport(dataDir, arg('import-rows', 100_000), 'bench', 'bench-password-1');
      console.error(
        `import: ${imported.rows} rows, ${imported.written} cases written in ${Math.round(imported.ms)} ms (CPU ${Math.round(imported.cpuMs)} ms)`,
      );
      figures.import_rows = imported.rows;
      figures.import_rows_per_s = Math.round(imported.rows / (imported.ms / 1000));
    }
  } finally {
    desk.close();
    if (keep) console.error(`kept ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(figures));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
