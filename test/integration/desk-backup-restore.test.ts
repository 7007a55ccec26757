/**
 * Back up, write more and sync, restore: no case number is used twice and
 * head office holds every event once (issue 13, item 4). The restored desk
 * holds every new record (and so every new number) until it has synced (the events written after the
 * backup come back from head office on that pull, and leave the outbox
 * rather than go up again), then continues from the highest number in the
 * log, not from the backup's stale counter; its HLC never goes back.
 *
 * The restore runs through the real CLI (`npm run cli -- restore`).
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import type { SyncStatus } from '../../shared/contract/methods/sync';
import { newCaseInput, removeDir, tempDir } from './desk-fixtures';
import {
  backupInto,
  countById,
  deskMeta,
  disposeDesk,
  newDesk,
  readDeskDb,
  reopenDesk,
  runCleanup,
  serverEvents,
  syncNowAndWait,
  TestServer,
  type CleanupList,
  type SyncDesk,
} from './sync-fixtures';

const root = path.resolve(import.meta.dirname, '..', '..');
const CLI_MAIN = path.join(root, 'electron', 'cli', 'main.ts');

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_MAIN, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

const cleanup: CleanupList = [];
afterEach(() => runCleanup(cleanup));

const caseIds = new Map<string, string>();

async function newCase(d: SyncDesk): Promise<string> {
  const c = await d.must<CaseDetail>('case.create', newCaseInput());
  caseIds.set(c.number, c.id);
  return c.number;
}

describe('backup, write more and sync, restore', () => {
  it('reuses no number, sends nothing twice, and keeps the HLC going forward', async () => {
    const server = new TestServer('sqlite');
    await server.start();
    cleanup.push(() => server.dispose());
    let a = await newDesk('01');
    const folder = tempDir();
    cleanup.push(
      () => disposeDesk(a),
      () => removeDir(folder),
    );
    await a.must<SyncStatus>('sync.configure', {
      serverUrl: server.url,
      code: await server.code('GZ', 'supervisor'),
    });
    const numbers = [await newCase(a), await newCase(a)];
    expect((await syncNowAndWait(a)).pending).toBe(0);
    // One case written before the backup but not yet synced: the backup's outbox holds it.
    numbers.push(await newCase(a));
    const file = await backupInto(a, folder);

    // After the backup: more cases, and they reach head office.
    numbers.push(await newCase(a), await newCase(a));
    expect((await syncNowAndWait(a)).pending).toBe(0);
    const hlcBefore = deskMeta(a.dir, 'hlc.last') ?? '';
    a.closeKeepData();

    // The disk dies: only the backup is left (the replaced database is not readable).
    fs.writeFileSync(path.join(a.dir, 'loopdesk.db'), 'damaged');
    const restored = await runCli(['restore', '--from', file, '--data', a.dir]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('must sync with head office once');
    expect(fs.readdirSync(a.dir).some((f) => f.startsWith('loopdesk.db.before-restore-'))).toBe(true);

    a = await reopenDesk(a);
    // Numbering waits for the first sync, in the clerk's language.
    const held = await a.call('case.create', newCaseInput(), a.admin.token, 'en');
    expect(held.ok ? null : held.error).toMatchObject({ code: 'busy' });
    expect(held.ok ? '' : held.error.message).toMatch(/restored from a backup/);
    // Any record waits, not only a new number: a note written now would take a place in this
    // device's audit chain that head office already holds for a record written after the backup,
    // and head office would refuse the chain from then on (docs/audit-trail.md).
    const note = await a.call(
      'case.addNote',
      { caseId: caseIds.get(numbers[0] ?? ''), text: '恢复后补记' },
      a.admin.token,
      'en',
    );
    expect(note.ok ? null : note.error).toMatchObject({ code: 'busy' });
    expect(note.ok ? '' : note.error.message).toMatch(/restored from a backup/);

    const synced = await syncNowAndWait(a);
    expect(synced.state).toBe('online');
    expect(synced.pending).toBe(0);
    // The HLC is at least where it was before the restore (head office gave the device's events back).
    expect((deskMeta(a.dir, 'hlc.last') ?? '') >= hlcBefore).toBe(true);

    numbers.push(await newCase(a), await newCase(a));
    await a.must<CaseDetail>('case.addNote', { caseId: caseIds.get(numbers[0] ?? ''), text: '同步后补记' });
    const after = await syncNowAndWait(a);
    expect(after.pending).toBe(0);
    // Head office took the chain too: the run ended online, not with chain_broken.
    expect(after.state).toBe('online');

    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.map((n) => n.slice(-4))).toEqual(['0001', '0002', '0003', '0004', '0005', '0006', '0007']);

    const atHeadOffice = await serverEvents(server);
    expect([...countById(atHeadOffice).values()].every((n) => n === 1)).toBe(true);
    const opened = atHeadOffice.filter((e) => e.type === 'case.opened');
    const officeNumbers = opened.map((e) => (e.payload as { number: string }).number);
    expect(officeNumbers.sort()).toEqual([...numbers].sort());
    // Every event this device wrote is at head office once and on the desk once; new events sort after the old.
    const own = atHeadOffice.filter((e) => e.device === opened[0]?.device).map((e) => e.hlc);
    const newest = own.slice(-2);
    expect(Math.min(...newest.map((h) => own.indexOf(h)))).toBeGreaterThan(0);
    expect(newest.every((h) => h > hlcBefore)).toBe(true);
    const deskIds = readDeskDb(a.dir, (db) =>
      db.prepare('SELECT count(*) AS n, count(DISTINCT id) AS d FROM events').get(),
    ) as {
      n: number;
      d: number;
    };
    expect(deskIds.n).toBe(deskIds.d);
  }, 120_000);
});

/** What must stay exactly as it was when a restore is refused: the data folder's files and the database's bytes. */
function fingerprint(dir: string): string {
  const names = fs.readdirSync(dir).sort();
  const db = fs.readFileSync(path.join(dir, 'loopdesk.db'));
  return `${names.join(',')}|${createHash('sha256').update(db).digest('hex')}`;
}

/** Rewrites a backup's manifest after the file was changed on purpose (a forged but consistent backup). */
function reseal(file: string): void {
  const m = JSON.parse(fs.readFileSync(`${file}.manifest.json`, 'utf8')) as Record<string, unknown>;
  const bytes = fs.readFileSync(file);
  m.sha256 = createHash('sha256').update(bytes).digest('hex');
  m.bytes = bytes.length;
  const db = new Database(file, { readonly: true });
  try {
    m.schemaVersion = Number(db.pragma('user_version', { simple: true }));
  } finally {
    db.close();
  }
  fs.writeFileSync(`${file}.manifest.json`, JSON.stringify(m));
}

describe('npm run cli -- backup / restore with bad input', () => {
  it('refuses each bad backup with a clear zh-CN and English error naming the file, and changes nothing', async () => {
    const gz = await newDesk('01');
    const sz = await newDesk('01', { branch: 'SZ' });
    const folder = tempDir();
    const work = tempDir();
    cleanup.push(
      () => disposeDesk(gz),
      () => disposeDesk(sz),
      () => removeDir(folder),
      () => removeDir(work),
    );
    await newCase(gz);
    await newCase(sz);
    gz.closeKeepData();

    // backup through the CLI, into a folder it makes
    const out = path.join(folder, 'gz');
    const made = await runCli(['backup', '--out', out, '--data', gz.dir]);
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/Backed up \d+ events/);
    const good = path.join(out, fs.readdirSync(out).find((f) => f.endsWith('.db')) ?? '');
    fs.mkdirSync(path.join(folder, 'sz'));
    const otherBranch = await backupInto(sz, path.join(folder, 'sz'));

    const copy = (name: string): string => {
      const to = path.join(work, name);
      fs.copyFileSync(good, to);
      fs.copyFileSync(`${good}.manifest.json`, `${to}.manifest.json`);
      return to;
    };
    const truncated = copy('truncated.db');
    fs.truncateSync(truncated, Math.floor(fs.statSync(truncated).size / 2));
    const newer = copy('newer.db');
    const db = new Database(newer);
    db.pragma('user_version = 999');
    db.close();
    reseal(newer);
    const text = path.join(work, 'notes.db');
    fs.writeFileSync(text, '客户投诉登记表\r\n张三,13800138000\r\n');
    fs.writeFileSync(`${text}.manifest.json`, '{}');
    const tampered = copy('tampered.db');
    fs.appendFileSync(tampered, Buffer.alloc(4096));
    const orphan = path.join(work, 'orphan.db');
    fs.copyFileSync(good, orphan);

    const before = fingerprint(gz.dir);
    const cases: [string, RegExp, RegExp][] = [
      [truncated, /不完整/, /is incomplete/],
      [otherBranch, /属于网点 SZ/, /belongs to branch SZ/],
      [newer, /更新版本/, /made by a newer Loopdesk/],
      [text, /不是 SQLite 数据库文件/, /not an SQLite database file/],
      [tampered, /校验值与清单不符/, /does not match its manifest/],
      [orphan, /缺少清单文件/, /has no manifest/],
      [path.join(work, 'missing.db'), /找不到备份文件/, /was not found/],
    ];
    for (const [file, zh, en] of cases) {
      const r = await runCli(['restore', '--from', file, '--data', gz.dir]);
      expect(r.code, `${file}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toMatch(zh);
      expect(r.stderr).toMatch(en);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toContain('Nothing was changed');
      expect(fingerprint(gz.dir)).toBe(before);
    }

    // Usage errors exit 2; --help exits 0.
    expect((await runCli(['restore', '--data', gz.dir])).code).toBe(2);
    expect((await runCli(['restore', '--from', good, '--bogus'])).code).toBe(2);
    expect((await runCli(['backup', '--out', '', '--data', gz.dir])).code).toBe(2);
    expect((await runCli(['backup', '--out', out, '--data', gz.dir, '--lang', 'fr'])).code).toBe(2);
    // A folder inside the data folder is refused (a failing disk would take both), and not made.
    const inside = await runCli(['backup', '--out', path.join(gz.dir, 'bk'), '--data', gz.dir]);
    expect(inside.code).toBe(1);
    expect(inside.stderr).toContain('备份文件夹不能放在本机数据目录里');
    expect(inside.stderr).toContain('must not be inside the desk data folder');
    expect(fs.existsSync(path.join(gz.dir, 'bk'))).toBe(false);
    // A file where the folder should be: the clerk's words, not a system error.
    const aFile = path.join(out, 'not-a-folder.txt');
    fs.writeFileSync(aFile, 'x');
    const notFolder = await runCli(['backup', '--out', aFile, '--data', gz.dir]);
    expect(notFolder.code).toBe(1);
    expect(notFolder.stderr).toContain('不存在或无法写入');
    expect(notFolder.stderr).not.toMatch(/EEXIST|ENOTDIR|Something went wrong/);
    const help = await runCli(['restore', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--from');

    // While the desk is open, restore refuses.
    const open = await reopenDesk(gz);
    const busy = await runCli(['restore', '--from', good, '--data', gz.dir]);
    open.closeKeepData();
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/close Loopdesk/);
    expect(busy.stderr).toMatch(/请先关闭 Loopdesk/);
    // (The open desk itself wrote meanwhile; the restore put nothing in place and moved nothing aside.)
    expect(fs.readdirSync(gz.dir).filter((f) => f.includes('restore'))).toEqual([]);

    // And the good one restores.
    const ok = await runCli(['restore', '--from', good, '--data', gz.dir]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('Restored from');
  }, 180_000);
});
