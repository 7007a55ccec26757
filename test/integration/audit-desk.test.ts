/**
 * The desk's audit chain (docs/audit-trail.md) on real SQLite files: every
 * own event is chained as it is stored, and `verify` (in process and through
 * the CLI) names the first edited, deleted, inserted or reordered event, and
 * an edit whose hash and chain were recomputed once head office acknowledged
 * a checkpoint after it.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAuditExport, DB_FILE_NAME, writeAuditExport } from '../../electron/desk';
import { makeCheckpoints, recordAck } from '../../electron/desk/kernel/auditTrail';
import { verifyDesk } from '../../electron/desk/features/audit/verifyDesk';
import { GENESIS_LINK, nextLink } from '../../shared/domain/kernel/chain';
import { envelopeFromStored, type StoredEvent } from '../../shared/domain/kernel/envelope';
import { eventHash } from '../../shared/domain/kernel/hash';
import { newId } from '../../shared/domain/kernel/ids';
import { sha256Hex } from '../../electron/desk/kernel/eventStore';
import { createCase, openTestDesk, removeDir, tempDir } from './desk-fixtures';

const root = path.resolve(import.meta.dirname, '..', '..');
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const CLI_MAIN = path.join(root, 'electron', 'cli', 'main.ts');

let base = '';
const dirs: string[] = [];

beforeAll(async () => {
  const t = await openTestDesk();
  for (let i = 0; i < 6; i++) await createCase(t, t.admin.token);
  t.core.close();
  base = t.dir;
}, 60_000);
afterAll(() => {
  removeDir(base);
  for (const d of dirs) removeDir(d);
});

/** A copy of the base desk's data folder, and its database opened for tampering. */
function copy(): { dir: string; db: Database.Database } {
  const dir = tempDir();
  dirs.push(dir);
  copyFileSync(path.join(base, DB_FILE_NAME), path.join(dir, DB_FILE_NAME));
  return { dir, db: new Database(path.join(dir, DB_FILE_NAME)) };
}

const own = (db: Database.Database): string =>
  (db.prepare("SELECT value FROM meta WHERE key = 'device.id'").get() as { value: string }).value;
const ownEvents = (db: Database.Database): (StoredEvent & { seq: number })[] =>
  db.prepare('SELECT * FROM events WHERE device = ? ORDER BY seq').all(own(db)) as (StoredEvent & {
    seq: number;
  })[];
const rehash = (r: StoredEvent): string => eventHash(envelopeFromStored(r));

function editPayload(db: Database.Database, r: StoredEvent & { seq: number }, recomputeHash: boolean): void {
  const payload = JSON.parse(r.payload) as Record<string, unknown>;
  payload.tampered = '篡改';
  const edited = { ...r, payload: JSON.stringify(payload) };
  db.prepare('UPDATE events SET payload = ?, hash = ? WHERE seq = ?').run(
    edited.payload,
    recomputeHash ? rehash(edited) : r.hash,
    r.seq,
  );
}

/** Recomputes every link of the chain from the (possibly edited) events, as a careful forger would. */
function rechain(db: Database.Database): void {
  let link = GENESIS_LINK;
  const rows = db
    .prepare('SELECT c.dseq, e.hash FROM audit_chain c JOIN events e ON e.seq = c.seq ORDER BY c.dseq')
    .all() as { dseq: number; hash: string }[];
  const set = db.prepare('UPDATE audit_chain SET link = ? WHERE dseq = ?');
  for (const r of rows) {
    link = nextLink(link, r.hash, sha256Hex);
    set.run(link, r.dseq);
  }
}

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [tsxCli, CLI_MAIN, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the desk audit chain', () => {
  it('chains exactly the own events, in the order written, and verifies clean', () => {
    const { db } = copy();
    const events = ownEvents(db);
    const chain = db.prepare('SELECT dseq, seq, event_id, link FROM audit_chain ORDER BY dseq').all() as {
      dseq: number;
      seq: number;
      event_id: string;
      link: string;
    }[];
    expect(events.length).toBeGreaterThan(6);
    expect(chain.map((c) => c.event_id)).toEqual(events.map((e) => e.id));
    expect(chain.map((c) => c.dseq)).toEqual(events.map((_, i) => i + 1));
    let link = GENESIS_LINK;
    events.forEach((e, i) => {
      link = nextLink(link, e.hash, sha256Hex);
      expect(chain[i]?.link).toBe(link);
    });
    const report = verifyDesk(db);
    expect(report).toMatchObject({ bad: 0, events: events.length, chained: events.length });
    db.close();
  });

  it('detects an edited event', () => {
    const { db } = copy();
    const target = ownEvents(db)[3]!;
    editPayload(db, target, false);
    const r = verifyDesk(db);
    expect(r.bad).toBe(1);
    expect(r.findings[0]).toMatchObject({ problem: 'edited', eventId: target.id });
    db.close();
  });

  it('detects an edit whose hash was recomputed, naming its dseq', () => {
    const { db } = copy();
    const target = ownEvents(db)[3]!;
    editPayload(db, target, true);
    const r = verifyDesk(db);
    expect(r.findings[0]).toMatchObject({ problem: 'rehashed', eventId: target.id, dseq: 4 });
    db.close();
  });

  it('detects a deleted event, with or without its chain row', () => {
    const a = copy();
    const gone = ownEvents(a.db)[2]!;
    a.db.prepare('DELETE FROM outbox WHERE seq = ?').run(gone.seq);
    a.db.prepare('DELETE FROM events WHERE seq = ?').run(gone.seq);
    expect(verifyDesk(a.db).findings[0]).toMatchObject({ problem: 'deleted', eventId: gone.id, dseq: 3 });
    a.db.close();

    const b = copy();
    const gone2 = ownEvents(b.db)[2]!;
    b.db.prepare('DELETE FROM outbox WHERE seq = ?').run(gone2.seq);
    b.db.prepare('DELETE FROM events WHERE seq = ?').run(gone2.seq);
    b.db.prepare('DELETE FROM audit_chain WHERE seq = ?').run(gone2.seq);
    expect(verifyDesk(b.db).findings[0]).toMatchObject({ problem: 'deleted', dseq: 3 });
    b.db.close();
  });

  it('detects an inserted event with a valid hash', () => {
    const { db } = copy();
    const model = ownEvents(db)[1]!;
    const forged = { ...envelopeFromStored(model), id: newId() };
    const hash = eventHash(forged);
    db.prepare(
      `INSERT INTO events (id, stream, type, schema, hlc, device, branch, actor, payload, hash, known)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
    ).run(
      forged.id,
      forged.stream,
      forged.type,
      forged.schema,
      forged.hlc,
      forged.device,
      forged.branch,
      forged.actor,
      model.payload,
      hash,
    );
    const r = verifyDesk(db);
    expect(r.bad).toBe(1);
    expect(r.findings[0]).toMatchObject({ problem: 'inserted', eventId: forged.id });
    db.close();
  });

  it('detects two events swapped in the log', () => {
    const { db } = copy();
    const [, , x, y] = ownEvents(db);
    const cols = [
      'id',
      'stream',
      'type',
      'schema',
      'hlc',
      'device',
      'branch',
      'actor',
      'payload',
      'hash',
    ] as const;
    const put = db.prepare(`UPDATE events SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE seq = ?`);
    db.pragma('foreign_keys = OFF');
    db.transaction(() => {
      db.prepare('UPDATE events SET id = ? WHERE seq = ?').run(newId(), x!.seq);
      db.prepare('UPDATE events SET id = ? WHERE seq = ?').run(newId(), y!.seq);
      put.run(...cols.map((c) => y![c]), x!.seq);
      put.run(...cols.map((c) => x![c]), y!.seq);
    })();
    const r = verifyDesk(db);
    expect(r.findings[0]).toMatchObject({ problem: 'reordered', dseq: 3, eventId: y!.id });
    db.close();
  });

  it('detects an edit with recomputed hash and chain through an acknowledged checkpoint', () => {
    const { db } = copy();
    const device = own(db);
    const cps = db.transaction(() => makeCheckpoints(db, device, new Date().toISOString()))();
    const head = cps[cps.length - 1]!;
    recordAck(db, head.dseq, head.link, new Date().toISOString());
    expect(verifyDesk(db).bad).toBe(0);

    editPayload(db, ownEvents(db)[2]!, true);
    rechain(db);
    // Even re-signing the checkpoint with the desk's own key does not help: head office's link stays.
    db.prepare('DELETE FROM audit_checkpoints').run();
    db.transaction(() => makeCheckpoints(db, device, new Date().toISOString()))();
    db.prepare('UPDATE audit_checkpoints SET acked_at = ?, ack_link = ? WHERE dseq = ?').run(
      'then',
      head.link,
      head.dseq,
    );
    const r = verifyDesk(db);
    expect(r.findings.map((f) => f.problem)).toEqual(['rewritten']);
    expect(r.findings[0]).toMatchObject({ dseq: head.dseq });
    db.close();
  });

  it('chains the events a desk wrote before the upgrade (migration 0017)', async () => {
    const { dir, db } = copy();
    const before = ownEvents(db).length;
    // Back to schema 16: without 0017's tables, and without what later migrations added.
    db.exec(
      'DROP TABLE audit_chain; DROP TABLE audit_checkpoints;' +
        ' ALTER TABLE customers_index DROP COLUMN category; ALTER TABLE cases DROP COLUMN repeat_same_category;' +
        ' DROP INDEX cases_fcr; DROP TABLE case_facts; DROP TABLE rectifications; DROP TABLE volume_figures;' +
        ' DROP TABLE facts_rollup; DROP TABLE order_facts;' +
        ' DROP INDEX alerts_sup_open; ALTER TABLE alerts DROP COLUMN sup_acked_ms; ALTER TABLE alerts DROP COLUMN sup_acked_by;' +
        ' DROP INDEX alerts_once; CREATE UNIQUE INDEX alerts_once ON alerts (case_id, rule, kind, ref, attempt);' +
        ' ALTER TABLE attachment_queue DROP COLUMN next_try_ms;',
    );
    db.pragma('user_version = 16');
    db.close();
    const t = await openTestDesk({ dataDir: dir }).catch(() => null);
    // openTestDesk runs setup, which refuses on a desk already set up: open the core directly instead.
    if (t !== null) t.core.close();
    const { openDesk } = await import('../../electron/desk');
    const core = openDesk({ dataDir: dir, sync: false });
    core.close();
    const again = new Database(path.join(dir, DB_FILE_NAME));
    expect((again.prepare('SELECT count(*) AS n FROM audit_chain').get() as { n: number }).n).toBe(before);
    expect(verifyDesk(again).bad).toBe(0);
    again.close();
  });
});

describe('npm run cli -- verify', () => {
  it('exits 0 on intact data and 1 naming the first bad event, in both languages', () => {
    const ok = cli(['verify', '--data', base]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/all hashes match, audit chain intact/);

    const { dir, db } = copy();
    const target = ownEvents(db)[4]!;
    editPayload(db, target, true);
    db.close();
    const bad = cli(['verify', '--data', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(target.id);
    expect(bad.stdout).toContain('#5');
    expect(bad.stdout).toMatch(/哈希被重新计算/);
    expect(bad.stdout).toMatch(/hash recomputed/);
  });

  it('prints its usage for --help and exits 2 on bad usage', () => {
    const help = cli(['verify', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes/);
    const wrong = cli(['verify', '--bogus']);
    expect(wrong.code).toBe(2);
    const extra = cli(['verify', 'now']);
    expect(extra.code).toBe(2);
    const empty = mkdtempSync(path.join(os.tmpdir(), 'loopdesk-noverify-'));
    const missing = cli(['verify', '--data', empty]);
    rmSync(empty, { recursive: true, force: true });
    expect(missing.code).toBe(1);
  });
});

describe('the audit export', () => {
  function exported(): { dir: string; lines: string[] } {
    const { dir, db } = copy();
    db.close();
    const out = path.join(dir, 'audit');
    const r = writeAuditExport(path.join(dir, DB_FILE_NAME), out);
    expect(r.events).toBeGreaterThan(6);
    return { dir: out, lines: readFileSync(path.join(out, 'events.jsonl'), 'utf8').trimEnd().split('\n') };
  }
  const rewrite = (dir: string, lines: string[]): void =>
    writeFileSync(path.join(dir, 'events.jsonl'), `${lines.join('\n')}\n`);

  it('checks clean, and finds an edited, deleted or swapped record and an altered manifest', async () => {
    const a = exported();
    const ok = await checkAuditExport(a.dir);
    expect(ok).toMatchObject({ ok: true, events: a.lines.length });
    expect(ok.keyFingerprint).toMatch(/^[0-9a-f]{64}$/);

    // A record edited with its hash and every later link recomputed, and the file hash in the
    // manifest fixed: the device's signature over the manifest no longer matches.
    const edited = a.lines.map(
      (l) => JSON.parse(l) as { dseq: number; link: string; event: Record<string, unknown> },
    );
    (edited[2]!.event.payload as Record<string, unknown>).tampered = '篡改';
    let link = GENESIS_LINK;
    for (const rec of edited) {
      const { hash: _old, ...rest } = rec.event;
      rec.event.hash = eventHash(rest as never);
      link = nextLink(link, String(rec.event.hash), sha256Hex);
      rec.link = link;
    }
    rewrite(
      a.dir,
      edited.map((r) => JSON.stringify(r)),
    );
    const manifest = JSON.parse(readFileSync(path.join(a.dir, 'manifest.json'), 'utf8')) as {
      head: { link: string };
      files: { sha256: string; bytes: number }[];
    };
    const bytes = readFileSync(path.join(a.dir, 'events.jsonl'));
    manifest.files[0]!.sha256 = sha256Hex(bytes.toString('utf8'));
    manifest.head.link = link;
    writeFileSync(path.join(a.dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const forged = await checkAuditExport(a.dir);
    expect(forged.ok).toBe(false);
    expect(forged.lines[0]).toMatch(/signature is not valid/);

    const b = exported();
    rewrite(
      b.dir,
      b.lines.filter((_, i) => i !== 3),
    );
    const deleted = await checkAuditExport(b.dir);
    expect(deleted.ok).toBe(false);
    expect(deleted.lines.join('\n')).toMatch(/dseq 4 is missing/);

    const c = exported();
    const swapped = [...c.lines];
    [swapped[2], swapped[3]] = [swapped[3]!, swapped[2]!];
    rewrite(c.dir, swapped);
    expect((await checkAuditExport(c.dir)).lines.join('\n')).toMatch(
      /#4 .*dseq 3 is missing|does not follow/,
    );
  });

  /** Temporary folders (`.<name>.<pid>-<random>.part`) in `parent`. */
  const leftovers = (parent: string): string[] => readdirSync(parent).filter((n) => n.endsWith('.part'));

  it('an export that fails mid-way leaves nothing under its name and no temporary folder', () => {
    const { dir, db } = copy();
    // A stored event that cannot be read: the export fails after writing the records before it.
    db.prepare('UPDATE events SET payload = ? WHERE seq = ?').run('{"broken', ownEvents(db)[4]!.seq);
    db.close();
    const out = path.join(dir, 'audit');
    expect(() => writeAuditExport(path.join(dir, DB_FILE_NAME), out)).toThrow(/JSON/);
    expect(existsSync(out)).toBe(false);
    expect(leftovers(dir)).toEqual([]);
    // The same into an empty folder given as the target: it stays, empty.
    mkdirSync(out);
    expect(() => writeAuditExport(path.join(dir, DB_FILE_NAME), out)).toThrow(/JSON/);
    expect(readdirSync(out)).toEqual([]);
    expect(leftovers(dir)).toEqual([]);
  });

  it('never writes over a folder with anything in it, and a stale temporary folder does not stop it', async () => {
    const { dir, db } = copy();
    db.close();
    const dbf = path.join(dir, DB_FILE_NAME);
    const full = path.join(dir, 'full');
    mkdirSync(full);
    writeFileSync(path.join(full, 'keep.txt'), 'mine');
    expect(() => writeAuditExport(dbf, full)).toThrow(/not empty/);
    expect(readdirSync(full)).toEqual(['keep.txt']);
    expect(leftovers(dir)).toEqual([]);
    // What a killed export leaves: its temporary folder, here with records but no manifest.
    const stale = `.audit.999999-0123456789ab.part`;
    mkdirSync(path.join(dir, stale));
    writeFileSync(path.join(dir, stale, 'events.jsonl'), '');
    const out = path.join(dir, 'audit');
    mkdirSync(out); // an empty folder is taken
    const r = writeAuditExport(dbf, out);
    expect(readdirSync(out).sort()).toEqual(['events.jsonl', 'manifest.json', 'manifest.sig']);
    expect(leftovers(dir)).toEqual([stale]);
    expect(await checkAuditExport(out)).toMatchObject({ ok: true, events: r.events });
  });

  it('verify --audit refuses a folder without its manifest and the temporary folder of an interrupted export', async () => {
    const { dir, db } = copy();
    db.close();
    const out = path.join(dir, 'audit');
    writeAuditExport(path.join(dir, DB_FILE_NAME), out);
    // A process killed just before the rename: a whole export, still under its temporary name.
    const part = path.join(dir, '.audit.999999-0123456789ab.part');
    cpSync(out, part, { recursive: true });
    const unfinished = cli(['verify', '--audit', part]);
    expect(unfinished.code).toBe(1);
    expect(unfinished.stderr).toMatch(/unfinished audit export/);
    await expect(checkAuditExport(path.join(part, 'manifest.json'))).rejects.toThrow(/unfinished/);

    rmSync(path.join(out, 'manifest.json'));
    const noManifest = cli(['verify', '--audit', out]);
    expect(noManifest.code).toBe(1);
    expect(noManifest.stderr).toMatch(/no manifest\.json in .*not a complete audit export/);
    cpSync(part, out, { recursive: true });
    rmSync(path.join(out, 'manifest.sig'));
    await expect(checkAuditExport(out)).rejects.toThrow(/no manifest\.sig in .*not a complete audit export/);
  });

  it('npm run cli -- verify --write-audit then --audit: exit 0, and 1 on an edited record', () => {
    const { dir, db } = copy();
    db.close();
    const out = path.join(dir, 'export');
    const w = cli(['verify', '--write-audit', out, '--data', dir]);
    expect(w.code).toBe(0);
    const ok = cli(['verify', '--audit', out]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Audit export intact/);
    const lines = readFileSync(path.join(out, 'events.jsonl'), 'utf8').replace('"schema":1', '"schema":2');
    writeFileSync(path.join(out, 'events.jsonl'), lines);
    const bad = cli(['verify', '--audit', out]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/不相符|not intact/);
  });
});
