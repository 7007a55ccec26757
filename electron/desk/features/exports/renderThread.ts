/**
 * The export's render thread, seen from the reading thread (./job.ts;
 * decision 0033, amendment 2): pages go to it in order and come back in the
 * same order (one thread, its messages in turn), at most a few in flight
 * (the reader awaits the oldest before it reads on), so memory stays bounded
 * by a few pages. Its entry is ./exportRenderWorker.ts (the bundle's
 * dist-electron/exportRenderWorker.cjs beside exportWorker.cjs). A failure
 * of the thread fails every page still waiting, and so the export.
 */
import type { Worker } from 'node:worker_threads';
import { startThread } from '../../kernel/threads';
import type { PageToRender, RenderedPage, RenderInit } from './renderPages';

/** Pages posted to the render thread and not yet written. */
export const PAGES_IN_FLIGHT = 3;

interface Waiting {
  resolve: (page: RenderedPage) => void;
  reject: (e: Error) => void;
}

export class RenderThread {
  private readonly waiting: Waiting[] = [];
  private failure: Error | null = null;

  constructor(private readonly w: Worker) {
    w.on('message', (m: RenderedPage) => {
      const next = this.waiting.shift();
      if (!next) return;
      if (m.kind === 'error') next.reject(new Error(`export render thread: ${m.detail}`));
      else next.resolve(m);
    });
    w.on('error', (e) => this.fail(e));
    w.on('exit', (code) => this.fail(new Error(`export render thread stopped (exit code ${code})`)));
  }

  /** Renders a page (in order after those already posted). The promise never goes unhandled. */
  render(page: PageToRender): Promise<RenderedPage> {
    if (this.failure) return Promise.reject(this.failure);
    const p = new Promise<RenderedPage>((resolve, reject) => this.waiting.push({ resolve, reject }));
    p.catch(() => undefined);
    this.w.postMessage(page);
    return p;
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiting.splice(0)) w.reject(this.failure);
  }

  /** Stops the thread (after the last page, a cancel or a failure). */
  async stop(): Promise<void> {
    this.failure ??= new Error('export render thread stopped');
    await this.w.terminate();
  }
}

/** Starts the render thread with a capped heap; throws when it cannot start. */
export function startRenderThread(init: RenderInit): RenderThread {
  return new RenderThread(
    startThread(import.meta.url, 'exportRenderWorker', init, {
      maxOldGenerationSizeMb: 32,
      maxYoungGenerationSizeMb: 8,
    }),
  );
}
