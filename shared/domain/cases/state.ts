/**
 * The folded state of one complaint case. Produced only by `foldCase` /
 * `applyCaseEvent` in ./fold, and stored by the desk's projection as-is, so a
 * rebuild from the log yields exactly the same rows.
 */
import { fastCanonicalJson } from '../kernel/hash';
import type {
  ActionOwner,
  CaseStatus,
  ContactChannel,
  ContactOutcome,
  Customer,
  FieldValue,
  Nature,
  PauseReason,
  StepNumber,
} from './payloads';
import type { RestrictedAct } from './authority';
import type { EvidenceKind } from './evidence';
import type { CaseEscalation, EscalationAct, EscalationFlagReason } from './escalation'; // issue 12
import type { CaseMalice, MaliceAct, MaliceFlagReason } from './malice'; // issue 12
import type { CaseTags, TagAct } from './tags'; // issue 14

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
 * Issue 12: escalations and determinations are judged too, with the roles
 * and reasons of ./escalation.ts and ./malice.ts.
 */
export interface CaseFlag {
  act: RestrictedAct | EscalationAct | MaliceAct | TagAct;
  eventId: string;
  reason: 'no_authority' | EscalationFlagReason | MaliceFlagReason;
}

/** A stretch of time the case's handling waited (case.paused .. case.resumed or case.closed). */
export interface CasePause {
  fromHlc: string;
  note: string;
  reason: PauseReason;
  /** null while the pause is open (at most one, the last). */
  toHlc: string | null;
}

/** One attempt to reach the customer (case.contact_attempted). */
export interface CaseContact {
  actor: string;
  /** ISO instant the attempt was made, as recorded. */
  at: string;
  channel: ContactChannel;
  eventId: string;
  note: string;
  outcome: ContactOutcome;
}

/** An action or promise with an owner and a due time (case.action_added, case.action_done). */
export interface CaseAction {
  actor: string;
  addedHlc: string;
  doneHlc: string | null;
  /** ISO instant. */
  dueAt: string;
  id: string;
  owner: ActionOwner;
  result: string | null;
  what: string;
}

/** A callback (回访) after closing (case.callback_recorded). */
export interface CaseCallback {
  actor: string;
  /** ISO instant the callback was made, as recorded. */
  at: string;
  comment: string;
  eventId: string;
  outcome: ContactOutcome;
  reachedWho: string;
  /** 1..5 when the customer was reached, else null. */
  satisfaction: number | null;
}

/** A file attached as evidence (case.evidence_added; issue 12). */
export interface CaseEvidence {
  actor: string;
  addedHlc: string;
  eventId: string;
  kind: EvidenceKind;
  mime: string;
  name: string;
  note: string;
  sha256: string;
  size: number;
}

/**
 * What a hand-kept log said of an imported case (issue 13, `case.imported`)
 * beyond what every case has: kept as the log states it, keys in canonical
 * (sorted) order.
 */
export interface CaseImported {
  /** As the log gives it (ISO with the branch's offset); null when it gives none. */
  closedAt: string | null;
  /** Resolved at first contact, as the log states it; null when it does not say (decision 0035). */
  fcr: boolean | null;
  /** Who handled it, as the log names them (text, not a staff id). */
  handler: string;
  /** The log's own number for the case. */
  reference: string;
  region: string;
  result: string;
  satisfaction: number | null;
  source: { file: string; row: number; sha256: string; sheet: string };
}

/**
 * Issue 14 item 1: what the intake (or an imported log) said of the customer
 * for the analysis; null where it said nothing. Region and level are codes
 * of the organisation's lists (shared/domain/settings/lists.ts).
 */
export interface CaseAttributes {
  customerLevel: string | null;
  region: string | null;
  sharedCustomer: boolean | null;
}

/** The case's nature as last classified (issue 12): at the close, or re-classified by a supervisor. */
export interface CaseNature {
  actor: string;
  eventId: string;
  /** The re-classification's reason; null for the classification at the close. */
  reason: string | null;
  value: Nature;
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
  /**
   * The case's own due date: it replaces the derived result deadline. `bounded`
   * (present only when true, first in canonical order) when it was set by
   * someone without a supervising role at its fold key over no due date or
   * over one set so too: it may then bring the result deadline forward, never
   * push it later (shared/domain/deadlines/caseDeadlines.ts; docs/roles.md).
   */
  dueAt: LwwRegister<string | null> & { bounded?: true };
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
  /** Issue 13: present only on a case brought in from a hand-kept log (`case.imported`). */
  imported?: CaseImported;
  /** Issue 14: present only when the opening event gave any customer attribute (old cases fold unchanged). */
  attributes?: CaseAttributes;
  // ---- follow-up facts (issue 9; ./fold.ts has the rules)
  /** HLC of the FIRST recording of each step, in fold order. */
  stepHlc: Partial<Record<StepNumber, string>>;
  /** Pauses in fold order; at most one open, the last. */
  pauses: CasePause[];
  /** Contact attempts in fold order. */
  contacts: CaseContact[];
  /** Actions in fold order of their adding. */
  actions: CaseAction[];
  /** Callbacks in fold order. */
  callbacks: CaseCallback[];
  /** Why entry came later than the entry rule allows, as given at intake. */
  lateReason: string | null;
  // issue 12 review: first-contact resolution (./fcr.ts)
  /** The id of the action step 5's first recording added (its own action, not a hand-off); null until then. */
  step5ActionId: string | null;
  // ---- evidence (issue 12; ./evidenceFold.ts)
  /** Evidence files in fold order; one per sha256. */
  evidence: CaseEvidence[];
  // issue 12: nature at close
  /** The nature as last classified (case.classified), null until the first close classifies it. */
  nature: CaseNature | null;
  // ---- escalation (issue 12; ./escalationFold.ts)
  /** The case's escalation (level, since, by, steps, reviews); null while it is at the counter. */
  escalation: CaseEscalation | null;
  // ---- malicious claims (issue 12; ./maliceFold.ts)
  /** Suspicions, facts and the determination in force; null when nobody flagged the case. */
  malice: CaseMalice | null;
  // ---- issue 14: failure point, quality gap, accountability (./tagsFold.ts)
  /** Present once the case was tagged or a responsibility decided (the last key: sorted order holds). */
  tags?: CaseTags;
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
