/**
 * Head-office analysis benchmark (a script, not a test; issue 14):
 *
 *   npm run bench:reports -- --cases N --branches B [--runs R] [--seed S] [--batch K] [--keep]
 *
 * Opens a head-office store (server/store) — embedded SQLite in a temporary
 * folder, or PostgreSQL when DATABASE_URL is set (a fresh database is created
 * with that URL's role, which needs CREATEDB, and dropped afterwards) — at the
 * full schema, seeds N cases' facts over B branches, then times the whole
 * analysis (ServerStore.adminAnalysis: every figure of
 * shared/domain/analysis/report.ts, compiled for the engine) of one year
 * against the year before, R times for one branch and R times for all
 * branches, after one warm-up run of each.
 *
 * SEEDING GOES STRAIGHT INTO `case_facts`, not through the event path: the
 * analysis reads only that table and its monthly rollup, and 10,000,000
 * cases pushed as events and folded by the projector would take hours
 * (bench:sync measures that path). The rollup is filled by the projector's
 * own `rollFacts` (server/store/factsRollup.ts), K rows a transaction
 * (--batch, 50,000 by default; a bigger batch merges more of a branch-month's
 * deltas into one upsert, which is what makes seeding 10,000,000 affordable).
 * The rows are what `caseFacts` gives for a realistic mix (below), with
 * realistic column cardinalities, which is what the GROUP BYs' cost depends
 * on; they are not derived from events.
 *
 * The mix: receipts spread evenly over 2024 and 2025 and stored in receipt
 * order, as desks push them (the analysis asks for 2025 against 2024); branch sizes skewed (weight 1 / rank^0.4: with 500 branches
 * the largest has about nine times the median's cases), 8–15 staff per branch; eight main
 * categories of five sub-categories each, skewed; five channels; 55 % women,
 * 40 % men; 30 % returning; a region for 70 % (30 regions); 90 % closed, FCR
 * 70 % of those; 6 % escalated; 8 % repeats; callbacks reaching 80 % of the
 * closed, satisfaction for 60 %; customer level, failure point, quality gap
 * and accountability for a part, as the later features will record them.
 *
 * One branch: the first measured run asks for the largest branch, the others
 * for branches drawn by size (a supervisor of a big branch looks more often).
 *
 * Prints progress on stderr and ONE JSON object as its last stdout line:
 * {"engine":e,"cases":N,"branches":B,"analysis_one_branch_ms":{"p50":..,"p95":..},"analysis_all_branches_ms":{"p50":..,"p95":..}}
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { FACT_COLUMNS, TEXT_COLUMNS, type FactColumn } from '../../shared/domain/analysis/columns';
import type { AnalysisRequest } from '../../shared/domain/analysis/report';
import { ServerStore } from '../../server/store';
import { rollFacts, type StoredFacts } from '../../server/store/factsRollup';
import type { ServerDB } from '../../server/store/schema';
import { prng } from './corpus';

const log = (s: string): void => void process.stderr.write(`${s}\n`);

function arg(name: string, fallback: number, min = 1): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < min) {
    log(`--${name} needs a whole number of at least ${min}`);
    process.exit(2);
  }
  return v;
}

function quantiles(samples: number[]): { p50: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return { p50: round(at(0.5)), p95: round(at(0.95)) };
}
const round = (x: number) => Math.round(x * 10) / 10;

const YEAR_2025: AnalysisRequest = {
  period: { fromDay: '2025-01-01', toDay: '2026-01-01' },
  compare: { fromDay: '2024-01-01', toDay: '2025-01-01' },
};
const START_MS = Date.parse('2024-01-01T00:00:00+08:00');
const END_MS = Date.parse('2026-01-01T00:00:00+08:00');
const SHANGHAI_MS = 8 * 3_600_000;
/** Branch sizes by rank: 1 / rank^0.4 (with 500 branches the largest has about 9 times the median's cases). */
const BRANCH_SKEW = 0.4;
const DAY_MS = 86_400_000;

/** Branch codes AA, AB, … ZZ, AAA, … (BRANCH_CODE_PATTERN: 2 to 6 capitals). */
function branchCode(i: number): string {
  const letters = (n: number, len: number) => {
    let s = '';
    for (let k = 0; k < len; k++) {
      s = String.fromCharCode(65 + (n % 26)) + s;
      n = Math.floor(n / 26);
    }
    return s;
  };
  return i < 676 ? letters(i, 2) : letters(i - 676, 3);
}

/** A picker of one of `values` with the given weights. */
function weighted<T>(rand: () => number, values: readonly T[], weights: readonly number[]): () => T {
  const total = weights.reduce((a, b) => a + b, 0);
  const cum: number[] = [];
  let run = 0;
  for (const w of weights) cum.push((run += w / total));
  return () => {
    const r = rand();
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cum[mid] ?? 1) < r) lo = mid + 1;
      else hi = mid;
    }
    return values[lo] as T;
  };
}
const zipf = (n: number, s: number) => Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);

const MAINS = ['banking', 'insurance', 'securities', 'telecom', 'property', 'auto', 'retail', 'utilities'];
const SUBS = ['fees', 'service', 'delay', 'product', 'billing'];
const REGIONS = Array.from({ length: 30 }, (_, i) => `region_${String(i + 1).padStart(2, '0')}`);
const COLUMNS = ['case_id', 'branch', ...Object.values(FACT_COLUMNS)] as const;
type Row = Record<(typeof COLUMNS)[number], string | number | null>;

/** The facts rows of `n` cases over `branches`, deterministic for a seed. */
function* factsRows(n: number, branches: readonly string[], seed: number): Generator<Row, void, void> {
  const rand = prng(seed);
  const pick = <T>(values: readonly T[], weights: readonly number[]) => weighted(rand, values, weights);
  const branchOf = pick(branches, zipf(branches.length, BRANCH_SKEW));
  const staff = new Map(
    branches.map((b, i) => [
      b,
      Array.from({ length: 8 + (i % 8) }, (_, k) => `${b.toLowerCase()}-staff-${String(k).padStart(2, '0')}`),
    ]),
  );
  const main = pick(MAINS, zipf(MAINS.length, 0.9));
  const sub = pick(SUBS, zipf(SUBS.length, 0.8));
  const channel = pick(['walk_in', 'phone', 'online', 'letter', 'regulator'], [50, 30, 10, 5, 5]);
  const severity = pick(['normal', 'high', 'urgent'], [70, 20, 10]);
  const gender = pick(['female', 'male', 'unknown'], [55, 40, 5]);
  const region = pick(REGIONS, zipf(REGIONS.length, 0.7));
  const status = pick(['closed', 'in_progress', 'new'], [90, 7, 3]);
  const nature = pick(
    ['valid', 'to_improve', 'invalid', 'help', 'consulting', 'venting'],
    [40, 20, 10, 15, 10, 5],
  );
  const ctype = pick(['problem_solving', 'venting', 'rational_hard', 'malicious_claim'], [60, 25, 12, 3]);
  const level = pick(['supervisor', 'head_office'], [70, 30]);
  const customerLevel = pick(['ordinary', 'silver', 'gold', 'vip'], [60, 20, 15, 5]);
  const failurePoint = pick(
    ['reception', 'diagnosis', 'estimate', 'work', 'delivery', 'billing'],
    [20, 15, 10, 25, 15, 15],
  );
  const qualityGap = pick(
    ['expectation_unknown', 'standard_missing', 'standard_not_delivered', 'promise_mismatch'],
    [20, 20, 40, 20],
  );
  const yes = (p: number) => (rand() < p ? 1 : 0);
  const maybe = <T>(p: number, v: () => T): T | null => (rand() < p ? v() : null);
  for (let i = 0; i < n; i++) {
    const branch = branchOf();
    const owners = staff.get(branch) as string[];
    const owner = owners[Math.floor(rand() * owners.length)] as string;
    // In receipt order, as desks push them: a period's rows lie together in the table.
    const receivedMs = START_MS + Math.floor(((i + rand()) * (END_MS - START_MS)) / n);
    const d = new Date(receivedMs + SHANGHAI_MS);
    const receivedDay = d.toISOString().slice(0, 10);
    const m = main();
    const st = status();
    const closed = st === 'closed';
    const escalated = rand() < 0.06;
    const reached = closed ? yes(0.8) : 0;
    yield {
      case_id: `${branch}-${i}`,
      branch,
      received_ms: receivedMs,
      received_day: receivedDay,
      category: `${m}.${sub()}`,
      main_category: m,
      channel: channel(),
      severity: severity(),
      gender: gender(),
      returning_customer: yes(0.3),
      region: maybe(0.7, region),
      imported: yes(0.05),
      complainant_type: maybe(0.6, ctype),
      status: st,
      nature: closed ? nature() : null,
      fcr: closed ? yes(0.7) : null,
      escalation_level: escalated ? level() : null,
      escalation_justified: escalated ? maybe(0.5, () => yes(0.6)) : null,
      malicious: yes(0.005),
      owner,
      entered_on_time: yes(0.95),
      handled_on_time: closed ? yes(0.9) : null,
      result_on_time: closed ? yes(0.85) : null,
      handling_due_ms: receivedMs + 3 * DAY_MS,
      result_due_ms: receivedMs + 5 * DAY_MS,
      promise_kept: maybe(0.4, () => yes(0.9)),
      callback_reached: reached,
      satisfaction: reached ? maybe(0.75, () => 1 + Math.floor(rand() * 5)) : null,
      is_repeat: yes(0.08),
      customer_level: maybe(0.5, customerLevel),
      shared_customer: maybe(0.3, () => yes(0.2)),
      failure_point: maybe(0.4, failurePoint),
      quality_gap: maybe(0.2, qualityGap),
      responsible: maybe(0.15, () => (rand() < 0.33 ? '' : owner)),
    };
  }
}

async function seedSqlite(file: string, rows: Generator<Row>, n: number, batch: number): Promise<void> {
  const db = new Database(file);
  const k = kyselyOf({ file });
  try {
    db.pragma('journal_mode = WAL');
    const insert = db.prepare(
      `INSERT INTO case_facts (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`,
    );
    const many = db.transaction((list: Row[]) => {
      for (const r of list) insert.run(...COLUMNS.map((c) => r[c]));
    });
    await batches(rows, n, batch, async (list) => {
      many(list);
      await rollUp(k, list);
    });
    db.exec('ANALYZE');
  } finally {
    await k.destroy();
    db.close();
  }
}

async function seedPostgres(url: string, rows: Generator<Row>, n: number, batch: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const k = kyselyOf({ url });
  try {
    const ms = new Set<string>(['received_ms', 'handling_due_ms', 'result_due_ms']);
    const typeOf = (c: string) =>
      c === 'case_id' || c === 'branch' || TEXT_COLUMNS.has(c as FactColumn)
        ? 'text'
        : ms.has(c)
          ? 'int8'
          : 'int4';
    const text = `INSERT INTO case_facts (${COLUMNS.join(', ')}) SELECT * FROM unnest(${COLUMNS.map(
      (c, i) => `$${i + 1}::${typeOf(c)}[]`,
    ).join(', ')})`;
    await batches(rows, n, batch, async (list) => {
      await client.query(
        text,
        COLUMNS.map((c) => list.map((r) => r[c])),
      );
      await rollUp(k, list);
    });
    await client.query('VACUUM ANALYZE case_facts');
    await client.query('VACUUM ANALYZE case_facts_monthly');
  } finally {
    await k.destroy();
    await client.end();
  }
}

/** A Kysely over the seeded store, for the rollup (server/store/factsRollup.ts `rollFacts`). */
function kyselyOf(target: { file: string } | { url: string }): Kysely<ServerDB> {
  return 'file' in target
    ? new Kysely<ServerDB>({ dialect: new SqliteDialect({ database: new Database(target.file) }) })
    : new Kysely<ServerDB>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target.url, max: 1 }) }),
      });
}

/** Adds the seeded rows to the monthly rollup with the projector's own code, in big batches (fewer upserts). */
async function rollUp(db: Kysely<ServerDB>, list: Row[]): Promise<void> {
  await db.transaction().execute((tx) =>
    rollFacts(
      tx,
      list.map((r) => ({ before: null, after: r as StoredFacts })),
    ),
  );
}

async function batches(
  rows: Generator<Row>,
  n: number,
  batch: number,
  write: (list: Row[]) => unknown,
): Promise<void> {
  const t0 = performance.now();
  let list: Row[] = [];
  let done = 0;
  for (const r of rows) {
    list.push(r);
    if (list.length === batch) {
      await write(list);
      done += list.length;
      list = [];
      if (done % Math.max(batch, 100_000) < batch)
        log(`  seeded ${done} / ${n} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    }
  }
  if (list.length > 0) await write(list);
  log(`  seeded ${n} facts rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  const cases = arg('cases', 100_000);
  const branchCount = arg('branches', 50);
  const runs = arg('runs', 15);
  const seed = arg('seed', 14, 0);
  /** Rows per insert and per rollup transaction (a big batch folds many cases into one rollup row). */
  const batch = arg('batch', 50_000);
  const keep = process.argv.includes('--keep');
  if (branchCount > 676 + 17_576) {
    log('--branches: at most 18,252');
    process.exit(2);
  }
  const adminUrl = process.env.DATABASE_URL?.trim() || null;
  const engine = adminUrl ? 'postgres' : 'sqlite';
  const branches = Array.from({ length: branchCount }, (_, i) => branchCode(i));
  const cleanup: (() => Promise<void> | void)[] = [];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'loopdesk-bench-reports-'));
  cleanup.push(() => (keep ? log(`kept ${dataDir}`) : rmSync(dataDir, { recursive: true, force: true })));
  try {
    let databaseUrl: string | undefined;
    if (adminUrl) {
      const name = `loopdesk_reports_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      if (!keep)
        cleanup.push(async () => {
          const c = new pg.Client({ connectionString: adminUrl });
          await c.connect();
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await c.end();
        });
      const u = new URL(adminUrl);
      u.pathname = `/${name}`;
      databaseUrl = u.toString();
    }
    log(`bench:reports on ${engine}: ${cases} cases over ${branchCount} branches, ${runs} runs each`);
    // The schema (every migration), then the facts straight into the table.
    await (await ServerStore.open(databaseUrl ? { databaseUrl } : { dataDir })).close();
    const rows = factsRows(cases, branches, seed);
    if (databaseUrl) await seedPostgres(databaseUrl, rows, cases, batch);
    else await seedSqlite(path.join(dataDir, 'server.db'), rows, cases, batch);

    // The largest branch (the skew's first), then branches drawn by size.
    const rand = prng(seed + 1);
    const draw = weighted(rand, branches, zipf(branches.length, BRANCH_SKEW));
    const store = await ServerStore.open(databaseUrl ? { databaseUrl } : { dataDir });
    cleanup.unshift(() => store.close());
    const admin = { branch: null };
    const time = async (branch: string | null): Promise<number> => {
      const t0 = performance.now();
      const a = await store.adminAnalysis(
        branch === null ? YEAR_2025 : { ...YEAR_2025, where: { branch } },
        admin,
      );
      const ms = performance.now() - t0;
      if (a.totals.count === 0 && branch === null) throw new Error('the analysis counted no case');
      return ms;
    };
    await time(branches[0] as string); // warm-up
    const one: number[] = [];
    for (let i = 0; i < runs; i++) {
      const b = i === 0 ? (branches[0] as string) : draw();
      one.push(await time(b));
      log(`  one branch (${b}): ${(one[i] ?? 0).toFixed(0)} ms`);
    }
    await time(null); // warm-up
    const all: number[] = [];
    for (let i = 0; i < runs; i++) {
      all.push(await time(null));
      log(`  all branches: ${(all[i] ?? 0).toFixed(0)} ms`);
    }
    process.stdout.write(
      `${JSON.stringify({
        engine,
        cases,
        branches: branchCount,
        analysis_one_branch_ms: quantiles(one),
        analysis_all_branches_ms: quantiles(all),
      })}\n`,
    );
  } finally {
    for (const f of cleanup) await f();
  }
}

main().catch((e: unknown) => {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
