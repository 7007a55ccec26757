/**
 * The renderer's one way to the desk: `window.desk` in Electron (preload),
 * otherwise HTTP + SSE to the browser-mode host on the same origin.
 */
import type { DeskApi } from '../../../shared/contract/api';
import { createHttpDesk } from './httpDesk';

let api: DeskApi | null = null;

export function getDeskApi(): DeskApi {
  if (!api) api = typeof window !== 'undefined' && window.desk ? window.desk : createHttpDesk();
  return api;
}

/** For tests: replace the transport. */
export function setDeskApi(next: DeskApi | null): void {
  api = next;
}
