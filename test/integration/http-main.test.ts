/**
 * The entry points as a clerk or an admin runs them: `npm run web`
 * (electron/host/main.ts) and `npm run cli` (electron/cli/main.ts), spawned as
 * real processes on temporary data folders.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/contract/result';

const root = path.resolve(import.meta.dirname, '..', '..');
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const HOST_MAIN = path.join(root, 'electron', 'host', 'main.ts');
const CLI_MAIN = path.join(root, 'electron', 'cli', 'main.ts');

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runSync(script: string, args: string[]): Finished {
  const r = spawnSync(process.execPath, [tsxCli, script, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, LOOPDESK_LOG_LEVEL: 'warn' },
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the web host and resolves once it printed its ready line. */
function startWeb(args: string[]) {
  const child = spawn(process.execPath, [tsxCli, HOST_MAIN, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<Finished>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (): void => {
      const m = /Loopdesk ready at (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
      if (m) resolve(m[1]!);
    };
    child.stdout.on('data', onData);
    void exited.then((f) => reject(new Error(`host exited early (${String(f.code)}): ${f.stderr}`)));
  });
  return { child, ready, exited };
}

async function callJson<T>(url: string, method: string, input: unknown, token?: string): Promise<Result<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${url}/api/call/${method}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(input),
  });
  return (await res.json()) as Result<T>;
}

let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'loopdesk-main-'));
});

afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run web (electron/host/main.ts)', () => {
  it('prints exactly one ready line, serves the desk and stops cleanly on SIGTERM', async () => {
    const web = startWeb(['--port', '0', '--data', dataDir]);
    const url = await web.ready;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.toMatch(/:0$/);

    const setup = await callJson<{ token: string }>(url, 'desk.setup', {
      branchCode: 'SZ',
      branchName: '深圳福田营业厅',
      deviceCode: '02',
      admin: { name: '周主管', login: 'zhou', secretKind: 'password', secret: 'Zhou-pass-2024' },
    });
    expect(setup.ok).toBe(true);

    web.child.kill('SIGTERM');
    const done = await web.exited;
    expect(done.code).toBe(0);
    expect(done.stdout).toBe(`Loopdesk ready at ${url}\n`);
  });

  it('keeps the data: a second start sees the initialized desk', async () => {
    const web = startWeb(['--port', '0', '--data', dataDir]);
    const url = await web.ready;
    const status = await callJson<{ initialized: boolean; branchCode: string }>(url, 'desk.status', {});
    expect(status).toMatchObject({ ok: true, value: { initialized: true, branchCode: 'SZ' } });
    web.child.kill('SIGINT');
    expect((await web.exited).code).toBe(0);
  });

  it('refuses bad arguments with usage and exit code 2', () => {
    for (const args of [['--port', '70000'], ['--bogus']]) {
      const r = runSync(HOST_MAIN, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('Usage');
      expect(r.stdout).toBe('');
    }
  });

  it('names the port and exits 1 when the port is in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = runSync(HOST_MAIN, ['--port', String(port), '--data', dataDir]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(String(port));
      expect(r.stderr).toMatch(/already in use/);
      expect(r.stdout).toBe('');
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});

describe('npm run cli (electron/cli/main.ts)', () => {
  it('verify passes on untouched data', () => {
    const r = runSync(CLI_MAIN, ['verify', '--data', dataDir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Checked \d+ events: all hashes match/);
  });

  it('rebuild re-folds the projections and prints counts', () => {
    const r = runSync(CLI_MAIN, ['rebuild', '--data', dataDir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Rebuilt: \d+ events, 0 cases, 1 staff/);
  });

  it('verify reports an altered event and exits 1', () => {
    const db = new Database(path.join(dataDir, 'loopdesk.db'));
    const row = db.prepare('SELECT seq, id, payload FROM events ORDER BY seq LIMIT 1').get() as {
      seq: number;
      id: string;
      payload: string;
    };
    const payload = JSON.parse(row.payload) as Record<string, unknown>;
    payload.name = '篡改者';
    db.prepare('UPDATE events SET payload = ? WHERE seq = ?').run(JSON.stringify(payload), row.seq);
    db.close();

    const r = runSync(CLI_MAIN, ['verify', '--data', dataDir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(row.id);
    expect(r.stdout).toMatch(/hash mismatch/);
    expect(r.stdout).toMatch(/1 altered or damaged/);
  });

  it('explains unknown commands and missing data', () => {
    const unknown = runSync(CLI_MAIN, ['explode']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "explode"');
    expect(unknown.stderr).toContain('Usage');

    const empty = mkdtempSync(path.join(os.tmpdir(), 'loopdesk-nodata-'));
    try {
      const missing = runSync(CLI_MAIN, ['verify', '--data', empty]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('No Loopdesk data');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }

    const help = runSync(CLI_MAIN, ['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('rebuild');
    expect(help.stdout).toContain('verify');
  });
});
