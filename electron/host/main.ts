/**
 * `npm run web -- [--port P] [--data DIR]`: browser mode.
 *
 * Opens the desk on DIR (default: defaultDataDir()), serves it on
 * http://127.0.0.1:P (default 4780; 0 = any free port), prints exactly one line
 * `Loopdesk ready at http://127.0.0.1:P` to stdout, and shuts down cleanly on
 * SIGINT/SIGTERM (host first, then desk). Diagnostics go to stderr.
 * Exit codes: 0 normal stop, 1 could not start, 2 bad arguments.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir, openDesk, type DeskCore } from '../desk';

import { startHost, type HostHandle } from './server';

export const DEFAULT_PORT = 4780;

const USAGE = `用法 / Usage: npm run web -- [--port <0-65535>] [--data <目录 folder>]
  --port  监听端口，仅本机 127.0.0.1；0 表示任选空闲端口（默认 ${DEFAULT_PORT}）
          Port on 127.0.0.1 only; 0 picks a free port (default ${DEFAULT_PORT})
  --data  数据目录 / Data folder (default: ${defaultDataDir()})`;

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(text.trim()) || Number(text) > 65535) {
    fail(
      `端口无效：“${text}”（应为 0-65535 的整数）。 / Invalid port "${text}" (expected a whole number 0-65535).\n\n${USAGE}`,
      2,
    );
  }
  return Number(text);
}

function appVersion(): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string'
    ? e.code
    : undefined;
}

async function main(argv: string[]): Promise<void> {
  let values: { port?: string; data?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', short: 'p' },
        data: { type: 'string', short: 'd' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    fail(`参数有误 / Bad arguments: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`, 2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = parsePort(values.port);
  if (values.data !== undefined && values.data.trim() === '')
    fail(`--data 不能为空 / --data must not be empty.\n\n${USAGE}`, 2);
  const dataDir = path.resolve(values.data ?? defaultDataDir());

  let desk: DeskCore;
  try {
    // openDesk creates the data directory, readable by its owner only.
    const version = appVersion();
    desk = openDesk(version ? { dataDir, appVersion: version } : { dataDir });
  } catch (e) {
    fail(
      `无法打开数据目录 ${dataDir} 中的服务台数据。 / Could not open the desk data in ${dataDir}.\n${e instanceof Error ? e.message : String(e)}`,
      1,
    );
  }

  let host: HostHandle;
  try {
    host = await startHost({ desk, port, host: '127.0.0.1' });
  } catch (e) {
    desk.close();
    if (errorCode(e) === 'EADDRINUSE') {
      fail(
        `端口 ${port} 已被占用（可能 Loopdesk 已在运行）。请关闭占用该端口的程序，或用 --port 指定其他端口。 / Port ${port} is already in use (Loopdesk may already be running). Close the program using it, or pick another port with --port.`,
        1,
      );
    }
    if (errorCode(e) === 'EACCES') {
      fail(
        `没有权限使用端口 ${port}，请改用 1024 以上的端口。 / Not allowed to use port ${port}; pick a port above 1024.`,
        1,
      );
    }
    fail(
      `无法启动本机服务 / Could not start the local server: ${e instanceof Error ? e.message : String(e)}`,
      1,
    );
  }

  process.stdout.write(`Loopdesk ready at ${host.url}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => {
      process.stderr.write(`Loopdesk: shutdown after ${signal} took too long; exiting.\n`);
      process.exit(1);
    }, 5000);
    force.unref();
    host
      .close()
      .catch((e: unknown) => process.stderr.write(`Loopdesk: error while closing the server: ${String(e)}\n`))
      .finally(() => {
        try {
          desk.close();
        } catch (e) {
          process.stderr.write(`Loopdesk: error while closing the desk: ${String(e)}\n`);
        }
        process.exit(0);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  fail(`Loopdesk: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`, 1);
});
