/**
 * Process helpers shared by the sync benchmark (test/bench/sync.ts) and its
 * peer (test/bench/peer/pouchdb.ts): a server started as a child process and
 * waited for by its ready line, its memory and CPU read from /proc, the load
 * average, and a few small utilities.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ; 100 on every Linux we run on). */
const USER_HZ = 100;

export const round1 = (x: number): number => Math.round(x * 10) / 10;
export const round2 = (x: number): number => Math.round(x * 100) / 100;

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** 1-minute load average (the machine may be shared with other jobs: every figure records it). */
export function load1(): number {
  return round2(os.loadavg()[0] ?? 0);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Monotonic clock in microseconds: the same clock as V8's CPU profile timestamps. */
export function monoMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export interface ProcMemory {
  /** Resident set size now, MB. */
  rssMb: number;
  /** Peak resident set size since the process started (VmHWM), MB. */
  peakMb: number;
}

/** RSS and peak RSS of a process from /proc/<pid>/status (Linux). */
export function procMemory(pid: number): ProcMemory | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
    return { rssMb: round1(kb('VmRSS') / 1024), peakMb: round1(kb('VmHWM') / 1024) };
  } catch {
    return null;
  }
}

/** User + system CPU seconds a process has used so far, from /proc/<pid>/stat. */
export function procCpuSeconds(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces: split after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return NaN;
  }
}

/** CPU seconds used so far by every process whose command name is `comm` (e.g. all PostgreSQL backends). */
export function commCpuSeconds(comm: string): number {
  let total = 0;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return NaN;
  }
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== comm) continue;
      total += procCpuSeconds(Number(pid));
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}

export interface ChildServer {
  child: ChildProcess;
  pid: number;
  url: string;
  /** Stops the process (SIGTERM, then SIGKILL after `graceMs`) and waits for it to exit. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `node <nodeArgs>` as a child, forwards its stderr (prefixed) to ours,
 * and waits until a stdout line matches `ready` (group 1 = the URL).
 */
export async function startChildServer(opts: {
  name: string;
  nodeArgs: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  ready: RegExp;
  timeoutMs?: number;
}): Promise<ChildServer> {
  const child = spawn(process.execPath, opts.nodeArgs, {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  child.stderr?.setEncoding('utf8');
  let errTail = '';
  child.stderr?.on('data', (chunk: string) => {
    errTail = (errTail + chunk).slice(-4000);
    for (const line of chunk.split('\n')) if (line.trim() !== '') log(`[${opts.name}] ${line}`);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${opts.name} did not print its ready line within ${opts.timeoutMs ?? 60_000} ms`));
    }, opts.timeoutMs ?? 60_000);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      out += chunk;
      const m = opts.ready.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`${opts.name} exited (${code ?? signal}) before it was ready: ${errTail.slice(-1000)}`),
      );
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${opts.name} has no pid`);
  return {
    child,
    pid,
    url,
    async stop(graceMs = 20_000) {
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(killer);
    },
  };
}

/** The last line of `text` that parses as a JSON object. */
export function lastJsonLine(text: string): Record<string, unknown> | null {
  const lines = text.trim().split('\n').reverse();
  for (const line of lines) {
    try {
      const v: unknown = JSON.parse(line);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // not JSON: keep looking
    }
  }
  return null;
}

/** Integer option `--name N` from argv, with a default; exits 2 on a bad value. */
export function intArg(argv: readonly string[], name: string, fallback: number, min = 1): number {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(argv[i + 1]);
  if (!Number.isInteger(v) || v < min) {
    log(`--${name} needs a whole number ≥ ${min}`);
    process.exit(2);
  }
  return v;
}

/** String option `--name VALUE` from argv. */
export function strArg(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) {
    log(`--${name} needs a value`);
    process.exit(2);
  }
  return v;
}
