/**
 * `npm run cli -- rebuild` through the job runner, as a real process: a
 * progress bar on stderr (a line per tenth when stderr is not a terminal),
 * the same summary line on stdout, and Ctrl+C (SIGINT) cancels the job and
 * leaves the data exactly as it was.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { DB_FILE_NAME } from '../../electron/desk/index';
import { caseGenerator } from '../bench/corpus';
import { openTestDesk, removeDir, tempDir } from './desk-fixtures';

const root = path.resolve(import.meta.dirname, '..', '..');
const CLI_MAIN = path.join(root, 'electron', 'cli', 'main.ts');
const CASES = 6000;

let dir = '';
let events = 0;

function snapshot(): { cases: number; sum: number; staff: string } {
  const db = new Database(path.join(dir, DB_FILE_NAME), { readonly: true });
  try {
    const c = db.prepare('SELECT count(*) AS n, total(pos) AS s FROM cases').get() as {
      n: number;
      s: number;
    };
    const staff = db.prepare('SELECT group_concat(name) AS names FROM staff').get() as { names: string };
    return { cases: c.n, sum: c.s, staff: staff.names };
  } finally {
    db.close();
  }
}

/** Runs the CLI (one Node process, TypeScript through tsx's loader); `onStderr` may signal it. */
function runCli(args: string[], onStderr?: (text: string, kill: () => void) => void) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_MAIN, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
    onStderr?.(stderr, () => child.kill('SIGINT'));
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

beforeAll(async () => {
  dir = tempDir();
  const t = await openTestDesk({ dataDir: dir, sync: false });
  const gen = caseGenerator({
    deviceId: '0196f3a0-0000-7000-8000-00000000be21',
    deviceCode: '02',
    actor: '0196f3a0-0000-7000-8000-00000000be22',
  });
  let batch: EventEnvelope[] = [];
  for (let i = 0; i < CASES; i++) {
    batch.push(...gen.next().events);
    if (batch.length >= 5000) {
      t.core.appendEvents(batch);
      batch = [];
    }
  }
  t.core.appendEvents(batch);
  t.core.close();
  const db = new Database(path.join(dir, DB_FILE_NAME), { readonly: true });
  events = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  db.close();
}, 120_000);

afterAll(() => removeDir(dir));

describe('npm run cli -- rebuild (job runner)', () => {
  it('shows progress on stderr and the summary on stdout', async () => {
    const r = await runCli(['rebuild', '--data', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Rebuilt: ${events} events, ${CASES} cases, 1 staff`));
    const lines = r.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.length).toBeLessThanOrEqual(11);
    expect(lines.at(-1)).toContain(`100%  ${events}/${events}`);
  }, 60_000);

  it('Ctrl+C cancels the rebuild and changes nothing', async () => {
    const raw = new Database(path.join(dir, DB_FILE_NAME));
    raw.exec(`DELETE FROM case_search WHERE rowid IN (SELECT pos FROM cases WHERE pos % 2 = 0);
              DELETE FROM cases WHERE pos % 2 = 0; UPDATE staff SET name = 'x' || name;`);
    raw.close();
    const before = snapshot();
    let sent = false;
    const r = await runCli(['rebuild', '--data', dir], (text, kill) => {
      if (!sent && /\d+%/.test(text)) {
        sent = true;
        kill();
      }
    });
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('Rebuild cancelled; nothing was changed.');
    expect(r.stdout).toBe('');
    expect(snapshot()).toEqual(before);
  }, 60_000);
});
