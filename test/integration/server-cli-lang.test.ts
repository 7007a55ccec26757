/**
 * The server CLI (server/main.ts) speaks zh-CN and English as the desk CLI
 * does (issue 10): `--lang en|zh-CN`, else LANG, else zh-CN. Spawned as a
 * real process: `--help` prints the usage in the chosen language and exits 0;
 * a usage error is told in that language and exits 2.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliLocale } from '../../server/cliMessages';

const root = path.resolve(import.meta.dirname, '..', '..');
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const MAIN = path.join(root, 'server', 'main.ts');

function run(args: string[], lang: string | undefined) {
  const env: NodeJS.ProcessEnv = { ...process.env, LOOPDESK_LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.LANG;
  if (lang !== undefined) env.LANG = lang;
  const r = spawnSync(process.execPath, [tsxCli, MAIN, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('server CLI language', () => {
  it('--help in zh-CN (LANG=zh_CN.UTF-8) prints the Chinese usage and exits 0', () => {
    const r = run(['--help'], 'zh_CN.UTF-8');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('用法：');
    expect(r.stdout).toContain('启动同步服务器');
    expect(r.stdout).toContain('打印一次性登记码');
    expect(r.stdout).not.toContain('Usage:');
    expect(r.stdout).not.toContain('Start the sync server');
  });

  it('--help in English (--lang en, whatever LANG says) prints the English usage and exits 0', () => {
    const r = run(['--help', '--lang', 'en'], 'zh_CN.UTF-8');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage:');
    expect(r.stdout).toContain('Start the sync server');
    expect(r.stdout).not.toContain('用法');
  });

  it('LANG=en_US.UTF-8 alone chooses English; no LANG at all chooses zh-CN', () => {
    expect(run(['--help'], 'en_US.UTF-8').stdout).toContain('Usage:');
    expect(run(['-h'], undefined).stdout).toContain('用法：');
  });

  it('a usage error is told in the chosen language, exit 2', () => {
    const zh = run(['--port', 'eighty', '--lang=zh-CN'], 'en_US.UTF-8');
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('--port 须为 0 到 65535 的整数');
    expect(zh.stderr).toContain('用法：');
    const en = run(['enroll', '--lang', 'en'], undefined);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('enroll needs --branch CODE');
    expect(run(['--lang', 'fr'], undefined).code).toBe(2);
  });

  it('chooses the language as the desk CLI does', () => {
    expect(cliLocale(['--lang', 'en'], { LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(cliLocale(['--lang=zh-CN'], { LANG: 'en_GB.UTF-8' })).toBe('zh-CN');
    expect(cliLocale([], { LANG: 'en_GB.UTF-8' })).toBe('en');
    expect(cliLocale([], { LANG: 'C.UTF-8' })).toBe('zh-CN');
    expect(cliLocale([], {})).toBe('zh-CN');
  });
});
