/**
 * `npm run server -- …` as head office runs it (server/main.ts), spawned as a
 * real process: the ready line, /health, enrol → code → desk token, admin
 * token, revoke a device, list and revoke admin tokens, and usage errors (exit 2). Uses the embedded SQLite store,
 * and PostgreSQL through DATABASE_URL when LOOPDESK_TEST_PG_URL is set.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthResponse, type EnrollResponse } from '../../shared/contract/sync';
import { newId } from '../../shared/domain/kernel/ids';
import { UsageError, parseArgs } from '../../server/cli';
import { TestEnv, engines, expectSyncError, request } from './server-fixtures';

const root = path.resolve(import.meta.dirname, '..', '..');
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const MAIN = path.join(root, 'server', 'main.ts');

function cliEnv(pgUrl: string | null): NodeJS.ProcessEnv {
  // English messages: the server CLI speaks zh-CN unless LANG (or --lang) says English.
  const env: NodeJS.ProcessEnv = { ...process.env, LOOPDESK_LOG_LEVEL: 'warn', LANG: 'en_US.UTF-8' };
  delete env.DATABASE_URL;
  if (pgUrl) env.DATABASE_URL = pgUrl;
  return env;
}

function run(args: string[], pgUrl: string | null) {
  const r = spawnSync(process.execPath, [tsxCli, MAIN, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: cliEnv(pgUrl),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('server CLI usage errors', () => {
  it.each([
    [['--port']],
    [['--port', 'eighty']],
    [['--port', '70000']],
    [['--colour', 'red']],
    [['enroll']],
    [['enroll', '--branch', 'gz']],
    [['enroll', '--branch', 'GZ', '--role', 'admin']],
    [['enroll', '--reenrol', 'not-a-device-id']],
    [['enroll', '--reenrol=']],
    [['--address-limits', 'maybe']],
    [['enroll', '--branch', 'GZ', '--address-limits', 'off']],
    [['revoke']],
    [['revoke', '--device=']],
    [['revoke', '--admin', 'abc', '--device', 'x']],
    [['revoke', '--admin=']],
    [['admin-token', '--branch', 'GZ']],
    [['admin-token', '--label', '长'.repeat(101)]],
    [['admin-token', '--label', '总部\u001b[31m审计']],
    [['admin-token', '--label', 'a\u007fb']],
    [['admin-tokens', '--label', 'x']],
    [['stray']],
  ])('refuses %j with a message naming the problem', (args) => {
    expect(() => parseArgs(args)).toThrow(UsageError);
  });

  it('accepts the documented forms', () => {
    expect(parseArgs(['--port', '0', '--data', '/tmp/x'])).toEqual({
      command: 'serve',
      options: new Map([
        ['port', '0'],
        ['data', '/tmp/x'],
      ]),
    });
    expect(parseArgs(['enroll', '--branch=GZ', '--role', 'supervisor'])).toMatchObject({ command: 'enroll' });
    expect(parseArgs(['enroll', '--reenrol', newId()])).toMatchObject({ command: 'enroll' });
    expect(parseArgs(['--address-limits', 'off'])).toMatchObject({ command: 'serve' });
    expect(parseArgs(['--help'])).toBe('help');
  });

  it('refuses an option given twice (the last one would quietly win)', () => {
    expect(() => parseArgs(['verify', '--data', '/srv/a', '--data', '/srv/b'])).toThrow(
      /--data is given more than once/,
    );
  });

  it('refuses every command but serve on a folder without server data, and creates nothing there', () => {
    const missing = path.join(os.tmpdir(), `loopdesk-no-server-${newId()}`);
    for (const args of [['verify'], ['enroll', '--branch', 'GZ'], ['admin-tokens']]) {
      const r = run([...args, '--data', missing], null);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`There is no server data in "${missing}"`);
      expect(r.stdout).toBe('');
      expect(existsSync(missing)).toBe(false);
    }
  });

  it('exits 2 and prints the usage for a usage error', () => {
    for (const args of [
      ['--port', 'eighty'],
      ['enroll', '--role', 'counter'],
    ]) {
      const r = run(args, null);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Usage:');
      expect(r.stdout).toBe('');
    }
  });
});

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(`server CLI on ${engine}${skip ? ` (${skip})` : ''}`, () => {
    let env: TestEnv;
    let dataDir: string;

    beforeAll(async () => {
      env = await TestEnv.create(engine);
      dataDir = path.join(env.dataDir, 'cli-data');
    });

    afterAll(async () => {
      await env?.dispose();
    });

    it('starts, prints the ready line, serves /health, enrols a desk with a CLI code and stops on SIGTERM', async () => {
      // `--import tsx` runs the server in this one process: through tsx's CLI the
      // SIGTERM is relayed to a child, and under load that relay gives up after
      // 30 ms and kills it (exit 143), which is tsx's doing, not the server's.
      const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--data', dataDir], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: cliEnv(env.pgUrl),
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        const url = await new Promise<string>((resolve, reject) => {
          child.stdout.on('data', () => {
            const m = /^Loopdesk server ready at (http:\/\/127\.0\.0\.1:(\d+))\n$/.exec(stdout);
            if (m?.[1]) resolve(m[1]);
          });
          void exited.then((code) => reject(new Error(`server exited early (${String(code)}): ${stderr}`)));
        });
        const server = { url };
        const health = await request(server, 'GET', '/health', { protocol: null });
        expect(HealthResponse.parse(health.body)).toMatchObject({ ok: true, engine, protocol: 1 });

        // enrol (another process, same store) → the running server accepts the code.
        const enrol = run(['enroll', '--branch', 'CL', '--role', 'supervisor', '--data', dataDir], env.pgUrl);
        expect(enrol.code).toBe(0);
        const code = enrol.stdout.trim();
        expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
        const deviceId = newId();
        const res = await request<EnrollResponse>(server, 'POST', '/v1/enroll', {
          json: { code, deviceId, branchCode: 'CL', deviceCode: '01' },
        });
        expect(res.status).toBe(200);
        expect(res.body.role).toBe('supervisor');

        const admin = run(['admin-token', '--data', dataDir], env.pgUrl);
        expect(admin.code).toBe(0);
        const devices = await request(server, 'GET', '/v1/admin/devices', { token: admin.stdout.trim() });
        expect(devices.status).toBe(200);

        const revoke = run(['revoke', '--device', deviceId, '--data', dataDir], env.pgUrl);
        expect(revoke.code).toBe(0);
        expectSyncError(
          await request(server, 'GET', '/v1/pull?cursor=0', { token: res.body.token }),
          401,
          'token_revoked',
        );
        const unknown = run(['revoke', '--device', newId(), '--data', dataDir], env.pgUrl);
        expect(unknown.code).toBe(1);
        expect(unknown.stderr).toContain('No enrolled device');

        // A second admin token, named; listed by id and label, never by the token.
        const named = run(['admin-token', '--label', '总部审计', '--data', dataDir], env.pgUrl);
        expect(named.code).toBe(0);
        const namedToken = named.stdout.trim();
        const id = /id ([0-9a-f]{12})/.exec(named.stderr)?.[1] ?? '';
        expect(id).toMatch(/^[0-9a-f]{12}$/);
        const listed = run(['admin-tokens', '--data', dataDir], env.pgUrl);
        expect(listed.code).toBe(0);
        expect(listed.stdout).not.toContain(namedToken);
        expect(listed.stdout).not.toContain(admin.stdout.trim());
        const lines = listed.stdout.trim().split('\n');
        expect(lines).toHaveLength(2);
        expect(lines.find((l) => l.startsWith(id))).toMatch(/ active {2}总部审计$/);

        // Revoke it by id: the running server refuses it at once, the other admin token still works.
        const off = run(['revoke', '--admin', id, '--data', dataDir], env.pgUrl);
        expect(off.code).toBe(0);
        expect(off.stdout).toContain(`Revoked admin token ${id}`);
        expectSyncError(
          await request(server, 'GET', '/v1/admin/devices', { token: namedToken }),
          401,
          'token_revoked',
        );
        expect(
          (await request(server, 'GET', '/v1/admin/devices', { token: admin.stdout.trim() })).status,
        ).toBe(200);
        const again = run(['revoke', '--admin', id, '--data', dataDir], env.pgUrl);
        expect(again.code).toBe(0);
        expect(again.stdout).toContain('already revoked');
        expect(run(['admin-tokens', '--data', dataDir], env.pgUrl).stdout).toMatch(
          new RegExp(`^${id} {2}\\S+ {2}revoked \\S+ {2}总部审计$`, 'm'),
        );
        // The token itself works as well as its id; an id nobody has is refused with exit 1.
        const byToken = run(['revoke', '--admin', admin.stdout.trim(), '--data', dataDir], env.pgUrl);
        expect(byToken.code).toBe(0);
        expect(byToken.stdout).toContain('Revoked admin token');
        const nobody = run(['revoke', '--admin', '000000000000', '--data', dataDir], env.pgUrl);
        expect(nobody.code).toBe(1);
        expect(nobody.stderr).toContain('No admin token with id 000000000000');
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exited).toBe(0);
      // Eleven CLI processes, each starting tsx (2-3 s on a loaded CI machine): the
      // default 30 s cut the PostgreSQL run off at 33 s twice while it was passing.
    }, 120_000);
    it('makes a code re-enrolling a known device (enroll --reenrol), and none for an unknown one', async () => {
      const server = await env.start({ dataDir });
      try {
        const first = run(['enroll', '--branch', 'CR', '--role', 'supervisor', '--data', dataDir], env.pgUrl);
        const deviceId = newId();
        const enrolled = await request<EnrollResponse>(server, 'POST', '/v1/enroll', {
          json: { code: first.stdout.trim(), deviceId, branchCode: 'CR', deviceCode: '01' },
        });
        expect(enrolled.status).toBe(200);
        // A known device id comes back only with a re-enrol code made for it (issue 8).
        const plain = run(['enroll', '--branch', 'CR', '--data', dataDir], env.pgUrl);
        expectSyncError(
          await request(server, 'POST', '/v1/enroll', {
            json: { code: plain.stdout.trim(), deviceId, branchCode: 'CR', deviceCode: '01' },
          }),
          409,
          'device_known',
        );
        const reenrol = run(['enroll', '--reenrol', deviceId, '--data', dataDir], env.pgUrl);
        expect(reenrol.code).toBe(0);
        expect(reenrol.stderr).toContain(deviceId);
        const back = await request<EnrollResponse>(server, 'POST', '/v1/enroll', {
          json: { code: reenrol.stdout.trim(), deviceId, branchCode: 'CR', deviceCode: '01' },
        });
        expect(back.status).toBe(200);
        expect(back.body.role).toBe('supervisor'); // the device's own role by default
        expectSyncError(
          await request(server, 'GET', '/v1/pull?cursor=0', { token: enrolled.body.token }),
          401,
          'unauthenticated',
        );
        const noDevice = run(['enroll', '--reenrol', newId(), '--data', dataDir], env.pgUrl);
        expect(noDevice.code).toBe(1);
        expect(noDevice.stderr).toContain('No enrolled device');
      } finally {
        await server.close();
      }
    }, 90_000);
  });
}
