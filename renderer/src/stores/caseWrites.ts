/**
 * Case writes and case events for every screen of this window.
 *
 * A write answers with the new CaseDetail. `writeCase` hands it to the case
 * list (which patches its row in place) and returns it to the screen that
 * wrote (which shows it): nothing reads the case again for it. `case.changed`
 * events go through OwnWrites, so the echo of this window's own write is
 * dropped and only changes made elsewhere (another window, sync) reach the
 * list and the open case.
 */
import type { InputOf } from '../../../shared/contract/api';
import type { CaseDetail } from '../../../shared/contract/methods/cases';
import type { Result } from '../../../shared/contract/result';
import { getDeskApi } from '../bridge';
import { callDesk } from '../lib/desk';
import { useCases } from './cases';
import { OwnWrites } from './ownWrites';

export type CaseWriteMethod =
  | 'case.create'
  | 'case.recordStep'
  | 'case.addNote'
  | 'case.setField'
  | 'case.close'
  | 'case.reopen'
  // The follow-up facts of issue 9 (features/handling/FollowUpCard.tsx and its tabs).
  | 'case.pause'
  | 'case.resume'
  | 'case.contact.record'
  | 'case.action.add'
  | 'case.action.done'
  | 'case.callback.record'
  // Issue 12's judgments (features/judgment/).
  | 'case.escalate'
  | 'case.reviewEscalation'
  | 'case.suspectMalice'
  | 'case.recordMaliceFacts'
  | 'case.determineMalice'
  | 'case.reclassify'
  // Issue 14: failure point, quality gap, responsibility (features/handling/CaseTagsCard.tsx).
  | 'case.tag'
  | 'case.decideResponsibility';

/** How long a written case's answer may stand in for reading it when a screen opens it. */
const FRESH_MS = 5_000;

const elsewhere = new Set<(caseId: string) => void>();
let fresh: { detail: CaseDetail; at: number } | null = null;

const own = new OwnWrites((caseId) => {
  if (fresh?.detail.id === caseId) fresh = null;
  useCases.getState().caseChanged(caseId);
  for (const l of [...elsewhere]) l(caseId);
});

/**
 * Sends a case write. `shown` is the detail the screen showed before (null for
 * a create): an answer with no new timeline entry means nothing was written,
 * so no echo is expected.
 */
export async function writeCase<M extends CaseWriteMethod>(
  method: M,
  input: InputOf<M>,
  shown: CaseDetail | null = null,
): Promise<Result<CaseDetail>> {
  const caseId = method === 'case.create' ? null : (input as { caseId: string }).caseId;
  const token = own.started(caseId);
  let r: Result<CaseDetail>;
  try {
    r = await callDesk(method, input);
  } catch (e) {
    own.settled(token, null);
    throw e;
  }
  if (!r.ok) {
    own.settled(token, null);
    return r;
  }
  const d = r.value;
  const created = caseId === null;
  const appended = created || shown === null || d.timeline.length > shown.timeline.length;
  fresh = { detail: d, at: Date.now() };
  useCases.getState().written(d, created);
  own.settled(token, { caseId: d.id, appended });
  return r;
}

/**
 * The answer of this window's latest write of `caseId`, if it is recent and
 * nothing changed the case elsewhere since: a screen opening the case just
 * written (a new case after intake) shows it without reading it.
 */
export function freshDetail(caseId: string): CaseDetail | null {
  const f = fresh;
  return f && f.detail.id === caseId && Date.now() - f.at <= FRESH_MS ? f.detail : null;
}

/** Listens for changes to cases made elsewhere (not by this window's writes). */
export function onCaseChangedElsewhere(listener: (caseId: string) => void): () => void {
  elsewhere.add(listener);
  return () => {
    elsewhere.delete(listener);
  };
}

/** Routes the desk's case events for this window; returns the stop function. */
export function startCaseEvents(): () => void {
  const unsubscribe = getDeskApi().subscribe((e) => {
    if (e.type === 'case.changed') own.event(e.caseId);
  });
  return () => {
    unsubscribe();
    own.reset();
    fresh = null;
  };
}
