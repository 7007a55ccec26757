/**
 * The folded state of one complaint case. Produced only by `foldCase` /
 * `applyCaseEvent` in ./fold, and stored by the desk's projection as-is, so a
 * rebuild from the log yields exactly the same rows.
 */
import { fastCanonicalJson } from '../kernel/hash';
import type { CaseStatus, Customer, FieldValue, StepNumber } from './payloads';
import type { RestrictedAct } from './authority';

/** A last-writer-wins register: the value and the fold key of the event that set it. */
export interface LwwRegister<T> {
  value: T;
  /** `${hlc}|${device}|${eventId}`: later keys win. */
  key: string;
}

/**
 * An event the fold kept in the log but gave no effect, for an admin to look
 * at: `no_authority` when its actor did not hold a supervising role at that
 * point of the fold for the restricted act it carried (./authority.ts).
 */
export interface CaseFlag {
  act: RestrictedAct;
  eventId: string;
  reason: 'no_authority';
}

export interface CaseState {
  id: string;
  number: string;
  scriptVersion: string;
  customer: Customer;
  channel: string;
  account: string;
  receivedAt: string;
  /** HLC of the opening event: the wall time part is the entry time. */
  openedHlc: string;
  owner: string;
  branch: string;
  device: string;
  category: LwwRegister<string>;
  severity: LwwRegister<string>;
  assignee: LwwRegister<string | null>;
  dueAt: LwwRegister<string | null>;
  /** Derived by the workflow rules, never set directly. */
  status: CaseStatus;
  /** Latest captured fields per step; a re-recorded step replaces the earlier capture. */
  steps: Partial<Record<StepNumber, Record<string, FieldValue>>>;
  /** Lowest step number not yet recorded, or null when all six are recorded. */
  currentStep: StepNumber | null;
  closedHlc: string | null;
  /** Fold key of the last event applied; an event with a smaller key forces a re-fold. */
  lastKey: string;
  /** HLC of the last event applied (for updatedAt). */
  lastHlc: string;
  noteCount: number;
  /** What clerks wrote, for search (shared/domain/cases/searchText), each in fold order: note texts, */
  notes: string[];
  /** the override reasons of closes before step 6, */
  closeReasons: string[];
  /** and the reasons for reopening. */
  reopenReasons: string[];
  /** Events kept in the log without effect, in fold order (see CaseFlag). */
  flags: CaseFlag[];
  /** Event ids the fold ignored because they came before the case was opened, etc. */
  ignored: number;
}

/** An object key that JavaScript enumerates before the others, in numeric order ("2" before "10"). */
const INDEX_KEY = /^(?:0|[1-9][0-9]*)$/;

/**
 * A state as canonical JSON (keys sorted at every level), the form the
 * projections store. The fold builds every object with its keys in that order
 * (./fold.ts), so JSON.stringify gives it directly, several times faster than
 * sorting; only captured fields whose keys look like array indexes (which
 * JavaScript always lists first, in numeric order) need the slow path. A
 * property test holds this to canonicalJson.
 */
export function stateJson(s: CaseState): string {
  for (const fields of Object.values(s.steps)) {
    for (const k in fields) if (INDEX_KEY.test(k)) return fastCanonicalJson(s);
  }
  return JSON.stringify(s);
}
