/**
 * Entry of an export's render thread (./renderThread.ts): renders each page
 * the reading thread posts (./renderPages.ts) and posts it back in the same
 * order, a CSV page's byte chunks transferred rather than copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PageRenderer, type PageToRender, type RenderedPage, type RenderInit } from './renderPages';

const port = parentPort;
if (port === null) throw new Error('exportRenderWorker.ts runs only as a worker thread');
const renderer = new PageRenderer(workerData as RenderInit);
port.on('message', (page: PageToRender) => {
  let out: RenderedPage;
  try {
    out = renderer.render(page);
  } catch (e) {
    out = { kind: 'error', detail: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  port.postMessage(out, out.kind === 'csv' ? out.chunks : []);
});
