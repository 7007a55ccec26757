/**
 * What the signed-in clerk has typed but not yet recorded (issue 10, decision
 * 0026): the intake form, a step's fields, a note, a reopen or close-early
 * reason. The desk keeps them per clerk (`draft.*`); this store holds them in
 * memory so screens read them synchronously, and writes changes to the desk
 * debounced (~300 ms after the last keystroke, at most ~2 s apart while typing
 * on), one call after another so a drop never overtakes the put before it.
 *
 * `loadDrafts` runs once after sign-in (session.ts), `flushDrafts` before
 * sign-out and when the page goes away, `clearDraftCache` after sign-out
 * (memory only: the desk keeps them for the clerk's next sign-in).
 *
 * Keys: `intake`, `step:<caseId>:<n>:<mode>`, `note:<caseId>`,
 * `reopen:<caseId>`, `close:<caseId>`, `order:new`.
 */
import { create } from 'zustand';
import type { InputOf } from '../../../shared/contract/api';
import { getDeskApi } from '../bridge';
import { showError } from '../lib/notify';

export type DraftBody = InputOf<'draft.put'>['body'];

export const INTAKE_DRAFT = 'intake';
/** The new work order's form (issue 11). */
export const ORDER_NEW_DRAFT = 'order:new';
export const noteDraftKey = (caseId: string) => `note:${caseId}`;
export const reopenDraftKey = (caseId: string) => `reopen:${caseId}`;
export const closeDraftKey = (caseId: string) => `close:${caseId}`;

const DEBOUNCE_MS = 300;
const MAX_WAIT_MS = 2_000;
const RETRY_MS = 3_000;

/** The keys that hold a draft (the nav's draft mark reads it). */
export const useDrafts = create<{ keys: ReadonlySet<string> }>(() => ({ keys: new Set<string>() }));

const cache = new Map<string, DraftBody>();
/** Per key, the write still owed to the desk: a body to put, or null to drop. */
const pending = new Map<string, DraftBody | null>();
let timer: ReturnType<typeof setTimeout> | null = null;
let firstPendingAt = 0;
/** The writes in flight, one after another. */
let chain: Promise<void> = Promise.resolve();
/** Bumped by clearDraftCache: writes of a clerk who signed out are not retried for the next. */
let generation = 0;
/** The clerk whose drafts these are; null while nobody is signed in (saves are ignored then). */
let owner: string | null = null;

function publish(): void {
  useDrafts.setState({ keys: new Set(cache.keys()) });
}

/** Nothing worth keeping: blank text, false, null, and arrays or objects of nothing else. */
export function isEmptyDraft(v: unknown): boolean {
  if (v === undefined || v === null || v === false) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.every(isEmptyDraft);
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).every(isEmptyDraft);
  return false;
}

/** The clerk's drafts from the desk (after sign-in). A failure leaves none: typing still works. */
export async function loadDrafts(staffId: string): Promise<void> {
  if (owner !== staffId) clearDraftCache();
  owner = staffId;
  const gen = generation;
  const r = await getDeskApi().call('draft.list', {});
  if (gen !== generation) return;
  cache.clear();
  if (r.ok) for (const d of r.value) cache.set(d.key, d.body);
  // Writes made while the list was on its way are newer than what it says.
  for (const [key, body] of pending) {
    if (body === null) cache.delete(key);
    else cache.set(key, body);
  }
  publish();
}

export function getDraft(key: string): DraftBody | undefined {
  return cache.get(key);
}

export function hasDraft(key: string): boolean {
  return cache.has(key);
}

/** Keeps `value` under `key` (now in memory, soon on the desk); an empty value drops the draft. */
export function saveDraft(key: string, value: DraftBody | undefined): void {
  if (owner === null) return;
  if (value === undefined || isEmptyDraft(value)) {
    dropDraft(key);
    return;
  }
  const had = cache.has(key);
  if (had && JSON.stringify(cache.get(key)) === JSON.stringify(value)) return;
  cache.set(key, value);
  owe(key, value);
  if (!had) publish();
}

export function dropDraft(key: string): void {
  if (owner === null || (!cache.has(key) && !pending.has(key))) return;
  cache.delete(key);
  owe(key, null);
  publish();
}

/** True while a change has not yet reached the desk. */
export function hasPendingDrafts(): boolean {
  return pending.size > 0;
}

function owe(key: string, body: DraftBody | null): void {
  if (pending.size === 0) firstPendingAt = Date.now();
  pending.set(key, body);
  if (timer !== null) clearTimeout(timer);
  const wait = Math.max(0, Math.min(DEBOUNCE_MS, firstPendingAt + MAX_WAIT_MS - Date.now()));
  timer = setTimeout(() => void flushDrafts(), wait);
}

/** Sends every pending change now; resolves when the desk has answered them all. */
export function flushDrafts(): Promise<void> {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  const writes = [...pending];
  pending.clear();
  const gen = generation;
  for (const [key, body] of writes) chain = chain.then(() => send(key, body, gen));
  return chain;
}

async function send(key: string, body: DraftBody | null, gen: number): Promise<void> {
  const desk = getDeskApi();
  const r =
    body === null ? await desk.call('draft.drop', { key }) : await desk.call('draft.put', { key, body });
  if (r.ok || gen !== generation) return;
  const code = r.error.code;
  if (code === 'busy' || code === 'internal') {
    // A rebuild holds the desk, or it could not be reached: try again unless something newer is owed.
    if (!pending.has(key)) {
      pending.set(key, body);
      if (timer === null) timer = setTimeout(() => void flushDrafts(), RETRY_MS);
    }
    return;
  }
  // Signed out meanwhile: the session's end is announced elsewhere.
  if (code !== 'unauthenticated') showError(r.error);
}

/** After sign-out: forget this clerk's drafts in memory (the desk keeps them). Flush first. */
export function clearDraftCache(): void {
  generation++;
  owner = null;
  if (timer !== null) clearTimeout(timer);
  timer = null;
  pending.clear();
  cache.clear();
  publish();
}

// Leaving the page (reload, closing the tab or window): send what is owed. In
// browser mode the browser asks first while a save is still owed; Electron's
// window would refuse to close without asking, so there the flush goes alone.
if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => void flushDrafts());
  window.addEventListener('beforeunload', (e) => {
    if (!hasPendingDrafts()) return;
    void flushDrafts();
    if (!window.desk) e.preventDefault();
  });
}
