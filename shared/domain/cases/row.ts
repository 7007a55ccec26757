/**
 * The case projection row, the same on the desk (electron/desk/eventStore.ts)
 * and at head office (server/store/projection.ts): the columns a CaseState is
 * listed and filtered by, and the way back from such a row to the case summary
 * both sides answer with. Runtime-neutral and pure.
 */
import type { CaseState } from './state';
import type { CaseStatus, StepNumber } from './payloads';
import { canonicalInstant, isoOfHlc } from '../kernel/time';
import { caseSearchText } from './searchText';
import { currentLevel, unreviewed, type CaseLevel } from './escalation';
import { maliceStatus, type MaliceStatus } from './malice';

/**
 * Version of what a case row holds (these columns, the search text, the
 * state's shape). Bump it when any changes: the desk (its case projector's
 * version, recorded in meta `projection.version` at each rebuild) and the
 * server (FOLD_SIGNATURE) then rebuild their projections at start-up, so
 * stored rows never mix the old and the new mapping.
 *
 * 2: the search text covers every step, notes, close and reopen reasons; the
 *    state keeps those texts (notes, closeReasons, reopenReasons).
 * 3: the state keeps `flags` (events without effect: restricted acts by an
 *    actor without the authority, ./authority.ts), and the desk folds with
 *    its role oracle.
 * 4: restricted acts are judged with the directory of every staff event known
 *    and judged again when staff events arrive (the desk's `case_judged`);
 *    head office judges them too, with the branch's staff directory.
 * 5: the state keeps the follow-up facts of issue 9 (stepHlc, pauses,
 *    contacts, actions, callbacks, lateReason; ./followUpFold.ts).
 * 6: issue 12: the state keeps the case's evidence files (./evidenceFold.ts) and
 *    `nature` (case.classified); the desk's rows carry nature, first-contact
 *    resolution and the repeat flag, and the customer index (desk migration 0015).
 *    Also `escalation` and `malice` (./escalationFold.ts, ./maliceFold.ts),
 *    their texts join the search, and the row has `escalation_level`, `malice`.
 * 7: issue 12: malicious-claim facts and determinations must cite the case's
 *    evidence (./maliceFold.ts knownEvidence); others are flagged, no effect.
 * 8: issue 12 review: step 3's 疑似恶意索赔 is a suspicion anyone may record, no
 *    longer a supervisor's act (a counter's is not flagged `malicious_claim`).
 *    The state keeps `step5ActionId` (step 5's own action, by id, for ./fcr.ts).
 *    A review by the escalation's own author (not an admin) is flagged `own_escalation`.
 * 9: issue 12: the customer index keeps each case's category and the row
 *    `repeat_same_category` (./repeat.ts sameCategory; desk migration 0018,
 *    server migration 0013).
 * 10: issue 13: `case.imported` opens a case from a hand-kept log; the state
 *    keeps `imported` (./importFold.ts), its texts join the search, and its
 *    stated first-contact resolution fills `fcr`.
 * 11: issue 14: every case row comes with its `case_facts` row for the analysis
 *    (shared/domain/analysisFacts.ts; desk migration 0020).
 * 12: issue 14 item 7: `case.tagged` and `case.responsibility_decided` fold into
 *    the state's `tags` (./tagsFold.ts): failure point, quality gap (a
 *    supervising role's) and the accountability decision, which the facts row reads.
 * 13: issue 14: the rollups of the facts rows (`facts_rollup`,
 *    shared/domain/analysis/rollup.ts; desk migration 0023).
 * 14: a close's classification (no reason) that meets a case already closed
 *    (two desks closed it offline) is a duplicate close without effect, no
 *    longer a re-classification flagged `no_authority` (./natureFold.ts); the
 *    duplicate's `case.closed` keeps the first close's time (./fold.ts).
 *    And a counter clerk's first due date is `bounded` (./dueFold.ts): the
 *    deadlines and the facts take it only where earlier than the rule's.
 * 15: a callback that reached the customer after the failures that made it
 *    unreachable meets the callback deadline (shared/domain/deadlines/
 *    caseDeadlines.ts); the work rows of such cases are derived again.
 * 16: a callback follows the case's last close (to the minute): the fold
 *    takes none dated before it, and the callback deadline of a case closed
 *    again counts only the callbacks after that close (../caseFacts.ts).
 *    And an imported case's log history (its entry, deadlines due before
 *    the import) leaves the work rows and head office's list columns.
 * 17: an action added after the close is no hand-off: first-contact
 *    resolution counts only the actions added up to the close (./fcr.ts).
 */
export const CASE_PROJECTION_VERSION = 17;

/** The columns of a case row that come from its state alone (no times). */
export interface CaseStateColumns {
  number: string;
  status: CaseStatus;
  current_step: StepNumber | null;
  customer_name: string;
  customer_phone: string;
  channel: string;
  category: string;
  severity: string;
  owner: string;
  assignee: string | null;
  /** Canonical ISO instant (toISOString) when parseable, else the text as sent. */
  received_at: string;
  due_at: string | null;
  /** The normalized text search matches against (./searchText). */
  search_text: string;
  // ---- issue 12 (./escalation.ts, ./malice.ts)
  /** 'counter' until escalated, then the current level. */
  escalation_level: CaseLevel;
  /** Suspected, determined malicious or in good faith; null when never flagged. */
  malice: MaliceStatus | null;
  /** How many of the case's escalations wait for a supervisor's review. */
  unreviewed: number;
}

/** The wall times of a case's opening, last and closing events, as ISO instants. */
export interface CaseTimeColumns {
  opened_at: string;
  updated_at: string;
  closed_at: string | null;
}

export type CaseRowColumns = CaseStateColumns & CaseTimeColumns;

export function caseStateColumns(s: CaseState): CaseStateColumns {
  return {
    number: s.number,
    status: s.status,
    current_step: s.currentStep,
    customer_name: s.customer.name,
    customer_phone: s.customer.phone,
    channel: s.channel,
    category: s.category.value,
    severity: s.severity.value,
    owner: s.owner,
    assignee: s.assignee.value,
    received_at: canonicalInstant(s.receivedAt),
    due_at: s.dueAt.value,
    search_text: caseSearchText(s),
    // ---- issue 12
    escalation_level: currentLevel(s),
    malice: maliceStatus(s.malice),
    unreviewed: unreviewed(s.escalation).length,
  };
}

/** The time columns, from HLCs (the server keeps the HLCs and maps them when it reads). */
export function caseTimeColumns(h: {
  openedHlc: string;
  lastHlc: string;
  closedHlc: string | null;
}): CaseTimeColumns {
  return {
    opened_at: isoOfHlc(h.openedHlc),
    updated_at: isoOfHlc(h.lastHlc),
    closed_at: isoOfHlc(h.closedHlc),
  };
}

/** Every mapped column of a case row (the desk stores them all). */
export function caseRowColumns(s: CaseState): CaseRowColumns {
  return { ...caseStateColumns(s), ...caseTimeColumns(s) };
}

/** A row as read back for a list: the mapped columns (status as stored text), the id and the owner's name. */
export type CaseSummaryRow = Omit<
  CaseRowColumns,
  'status' | 'current_step' | 'search_text' | 'escalation_level' | 'malice' | 'unreviewed'
> & {
  id: string;
  status: string;
  current_step: number | null;
  owner_name: string | null;
  /** Issue 12: read where the list shows them (the desk's list and detail; head office's escalations). */
  escalation_level?: string;
  malice?: string | null;
};
