/**
 * Starting the desk's worker threads (the event checker, the rebuild job):
 * the bundled `<name>.cjs` next to the caller in a build (dist-electron/, see
 * scripts/build-electron.mjs), the TypeScript source `<name>.ts` next to the
 * caller through tsx otherwise (development, tests, `npm run cli`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** The ESM entry of tsx's API, from its package exports (the CommonJS one cannot register ESM hooks). */
function tsxEsmApi(from: string): string {
  const pkgFile = createRequire(from).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as {
    exports?: Record<string, { import?: { default?: string } | string }>;
  };
  const entry = pkg.exports?.['./esm/api']?.import;
  const rel = typeof entry === 'string' ? entry : entry?.default;
  if (!rel) throw new Error('tsx has no ESM API entry');
  return path.join(path.dirname(pkgFile), rel);
}

/**
 * Starts the thread whose entry file is `name` (no extension) in the folder of
 * `callerUrl` (the caller's `import.meta.url`). Throws when it cannot start.
 */
export function startThread(
  callerUrl: string,
  name: string,
  workerData?: unknown,
  /** Caps on the thread's heap (an export's memory bound). */
  resourceLimits?: ResourceLimits,
): Worker {
  if (!callerUrl.endsWith('.ts')) {
    return new Worker(new URL(`./${name}.cjs`, callerUrl), { workerData, resourceLimits });
  }
  const tsx = pathToFileURL(tsxEsmApi(callerUrl)).href;
  const entry = new URL(`./${name}.ts`, callerUrl).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData, resourceLimits });
}
