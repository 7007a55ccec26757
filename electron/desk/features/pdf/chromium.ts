/**
 * The printer of browser mode and the CLI: headless Chromium's own
 * `--print-to-pdf`, one process per document (decision 0036: no protocol
 * client to keep, cancel is killing the process). The page is written to a
 * private temporary folder that also holds the throw-away profile, so two
 * prints never share a profile and nothing stays behind.
 *
 * `--virtual-time-budget` makes Chromium print only once the page has
 * settled (the inlined fonts decoded and laid out); the budget is virtual
 * time, so a page with nothing to fetch prints at once.
 *
 * Where Chromium is: LOOPDESK_CHROMIUM, else /usr/bin/chromium.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PdfPrintError, type PdfPrinter } from './printer';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The Chromium to run: LOOPDESK_CHROMIUM when set, else /usr/bin/chromium. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const p = env.LOOPDESK_CHROMIUM?.trim();
  return p ? p : DEFAULT_CHROMIUM;
}

/** Null when `path` is an executable file; else why not, for the error a clerk or CI reads. */
export function chromiumMissing(path: string): string | null {
  try {
    accessSync(path, constants.X_OK);
    return null;
  } catch {
    return `Chromium not found or not executable at ${path} (set LOOPDESK_CHROMIUM to its path)`;
  }
}

/** The command line for printing `inFile` to `outFile` with the profile in `profileDir`. */
export function chromiumArgs(inFile: string, outFile: string, profileDir: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-extensions',
    '--no-first-run',
    '--no-default-browser-check',
    '--mute-audio',
    `--user-data-dir=${profileDir}`,
    // The page's margin boxes are the header and footer: not Chromium's (date, file URL).
    '--no-pdf-header-footer',
    '--virtual-time-budget=15000',
    `--print-to-pdf=${outFile}`,
    pathToFileURL(inFile).href,
  ];
}

export interface ChromiumPrinterOptions {
  /** The executable (default: chromiumPath()). */
  path?: string;
  /** Longest a print may take before it is killed (ms). */
  timeoutMs?: number;
}

export class ChromiumPrinter implements PdfPrinter {
  private readonly path: string;
  private readonly timeoutMs: number;

  constructor(o: ChromiumPrinterOptions = {}) {
    this.path = o.path ?? chromiumPath();
    this.timeoutMs = o.timeoutMs ?? 120_000;
  }

  async print(html: string, out: string, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const missing = chromiumMissing(this.path);
    if (missing) throw new PdfPrintError('missing', missing);
    const dir = await mkdtemp(join(tmpdir(), 'loopdesk-pdf-'));
    try {
      const inFile = join(dir, 'page.html');
      await writeFile(inFile, html, 'utf8');
      await this.run(chromiumArgs(inFile, out, join(dir, 'profile')), signal);
      const size = await stat(out).then(
        (s) => s.size,
        () => 0,
      );
      if (size === 0) throw new PdfPrintError('failed', 'Chromium wrote no PDF');
    } catch (e) {
      await rm(out, { force: true });
      throw e;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private run(args: string[], signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.path, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (s: string) => {
        if (stderr.length < 8192) stderr += s;
      });
      let why: unknown = null;
      const kill = (reason: unknown) => {
        why = reason;
        child.kill('SIGKILL');
      };
      const onAbort = () => kill(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(
        () => kill(new PdfPrintError('failed', `Chromium took longer than ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      const done = (e: unknown) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (e === null) resolve();
        else reject(e instanceof Error ? e : new PdfPrintError('failed', String(e)));
      };
      child.on('error', (e) => done(new PdfPrintError('failed', `cannot start ${this.path}: ${e.message}`)));
      child.on('close', (code) => {
        if (why !== null) return done(why);
        if (code === 0) return done(null);
        const tail = stderr.trim().split('\n').slice(-3).join(' | ');
        done(new PdfPrintError('failed', `Chromium exited with ${String(code)}: ${tail}`));
      });
    });
  }
}
