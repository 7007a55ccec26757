/**
 * One case's facts for the supervisors' analysis (issue 14; docs/analysis.md):
 * the small, flat row every figure is counted from. Every replica writes it
 * from this one function, so a fixture gives the same figures at the desk
 * and at head office by construction (as shared/domain/caseJudgement.ts does
 * for the issue-12 columns).
 *
 * A fact the case cannot tell yet is null, never 0: a deadline not met while
 * the case runs, a nature before the close, FCR of an open case, a region,
 * customer level or shared-customer answer the intake did not record (the
 * report says "not recorded" for them rather than counting none).
 *
 * Deterministic: nothing here reads the clock, so the stored row does not
 * age. What depends on "now" (an open case past its due time) is asked at
 * query time from the due instants kept here. Runtime-neutral and pure.
 */
import { caseJudgementColumns, deriveAtReceipt, type DerivedAtReceipt } from './caseJudgement';
import type { CaseState } from './cases/state';
import { hlcWallMs } from './kernel/hlc';
import { tagFacts } from './cases/tags';
import { REACHED, type CaseDeadline, type SettingsAt } from './deadlines/caseDeadlines';
import { offsetAt } from './deadlines/zone';

/** 1 when met on time, 0 when met late or ended unmet, null while it may still be met (or has no due time). */
export type OnTime = 0 | 1 | null;

export interface CaseFacts {
  receivedMs: number;
  /** The receipt as the branch's wall date, `YYYY-MM-DD` (the calendar's zone at that instant). */
  receivedDay: string;
  category: string;
  /** The category's main category: the part before the first `.` (`bank.fees` -> `bank`). */
  mainCategory: string;
  channel: string;
  severity: string;
  gender: string;
  returning: 0 | 1;
  /** The customer's region: the intake's (a code of the organisation's list), else what an imported log states. */
  region: string | null;
  /** 1 for a case brought in from a hand-kept log (`case.imported`, issue 13). */
  imported: 0 | 1;
  /** Step 3's judgment of the complainant, null until recorded. */
  complainantType: string | null;
  status: string;
  nature: string | null;
  /** First-contact resolution of a closed case (decision 0030), null while open. */
  fcr: 0 | 1 | null;
  /** The level the case is owned at when escalated, null at the counter. */
  escalationLevel: string | null;
  /** The latest review of its escalation: 1 justified, 0 not, null unreviewed or not escalated. */
  escalationJustified: 0 | 1 | null;
  /** 1 when a supervisor determined it malicious (the determination in force). */
  malicious: 0 | 1;
  /** The first receiver (首问负责人). */
  owner: string;
  /** Entered within the entry rule (2 hours by default); null for an imported case (its entry is the import). */
  enteredOnTime: OnTime;
  /** Step 5 (or the close) within the handling deadline of its severity. */
  handledOnTime: OnTime;
  /** The result within the result deadline (3 working days by default). */
  resultOnTime: OnTime;
  /** Due instants of handling and result, for "open and overdue now" at query time. */
  handlingDueMs: number | null;
  resultDueMs: number | null;
  /** Step 4's promise to the customer: 1 kept (told by then), 0 broken, null none or still running. */
  promiseKept: OnTime;
  /** 1 when a callback reached the customer. */
  callbackReached: 0 | 1;
  /** The latest reached callback's satisfaction (1..5), null when none was given. */
  satisfaction: number | null;
  /** A repeat complaint (an earlier case of the customer within the window): the replica's customer index tells. */
  isRepeat: 0 | 1;
  // ---- issue 14 attributes and tags: null until the feature that records them gives a value
  /** Customer level (an organisation list; intake, remembered per customer). */
  customerLevel: string | null;
  /** 1 when the customer is also a customer of another business line, 0 when not, null unknown. */
  sharedCustomer: 0 | 1 | null;
  /** The service-blueprint failure point the case was tagged with (an organisation list). */
  failurePoint: string | null;
  /** The quality gap a supervisor tagged (expectation_unknown, standard_missing, standard_not_delivered, promise_mismatch). */
  qualityGap: string | null;
  /** Accountability: null without a responsibility decision, '' decided with nobody held responsible, else the staff id held responsible. */
  responsible: string | null;
}

/** What the replica knows beyond the case's own events. */
export interface CaseFactsExtras {
  /** The case row's repeat flag (the customer index's verdict). */
  repeat: boolean;
  /** The case's deadlines as the projector already derived them for this state (derived here without). */
  derived?: DerivedAtReceipt;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `ms` as the wall date in `timeZone`, `YYYY-MM-DD`. */
export function wallDay(ms: number, timeZone: string): string {
  const d = new Date(ms + offsetAt(timeZone, ms));
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

function onTime(d: CaseDeadline | undefined): OnTime {
  if (!d) return null;
  // Met while the clock stood still (an open pause before the due time): on time.
  if (d.metMs !== null) return d.dueMs === null || d.metMs <= d.dueMs ? 1 : 0;
  return d.endedMs !== null ? 0 : null;
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/**
 * Whether the customer was reached about the case's last close (the callback
 * coverage): the callback deadline met (it counts only the callbacks that
 * follow the last close, ./caseFacts.ts), or, for an imported case still
 * closed as its log says, the log's stated callback satisfaction (回访满意度:
 * a customer who gave one was reached).
 */
function callbackReached(state: CaseState, callback: CaseDeadline | undefined): boolean {
  if (callback !== undefined && callback.metMs !== null) return true;
  const logClosed = state.closedHlc !== null && hlcWallMs(state.closedHlc) < hlcWallMs(state.openedHlc); // closed before the import
  return state.imported !== undefined && state.imported.satisfaction !== null && logClosed;
}

/** The facts of `state`, with the branch settings in force at its receipt. */
export function caseFacts(state: CaseState, settingsAt: SettingsAt, extras?: CaseFactsExtras): CaseFacts {
  const derived = extras?.derived ?? deriveAtReceipt(state, settingsAt);
  const { receivedMs, settings, deadlines } = derived;
  const of = (kind: CaseDeadline['kind']) => deadlines.find((d) => d.kind === kind);
  const judged = caseJudgementColumns(state, settingsAt, derived);
  const category = state.category.value;
  const dot = category.indexOf('.');
  const reviews = state.escalation?.reviews ?? [];
  const lastReview = reviews.length > 0 ? reviews[reviews.length - 1] : undefined;
  const imported = state.imported;
  // An imported case's satisfaction is what its log states, unless a callback on the desk gave one since:
  // the latest by the time of the call (a call entered late but made earlier does not override it).
  let satisfaction: number | null = imported?.satisfaction ?? null;
  let latestMs = -Infinity;
  for (const c of state.callbacks) {
    if (c.outcome !== REACHED || c.satisfaction === null) continue;
    const at = Date.parse(c.at);
    if (at >= latestMs) {
      latestMs = at;
      satisfaction = c.satisfaction;
    }
  }
  const attrs = state.attributes;
  const handling = of('handling');
  const result = of('result');
  return {
    receivedMs,
    receivedDay: wallDay(receivedMs, settings.calendar.timeZone),
    category,
    mainCategory: dot > 0 ? category.slice(0, dot) : category,
    channel: state.channel,
    severity: state.severity.value,
    gender: state.customer.gender,
    returning: state.customer.returning ? 1 : 0,
    region: attrs?.region ?? (imported && imported.region !== '' ? imported.region : null),
    imported: imported ? 1 : 0,
    complainantType: text(state.steps[3]?.complainantType),
    status: state.status,
    nature: judged.nature,
    fcr: judged.fcr === null ? null : judged.fcr === 1 ? 1 : 0,
    escalationLevel: state.escalation?.level ?? null,
    escalationJustified: lastReview === undefined ? null : lastReview.justified ? 1 : 0,
    malicious: state.malice?.determination?.outcome === 'malicious' ? 1 : 0,
    owner: state.owner,
    enteredOnTime: imported ? null : onTime(of('entry')),
    handledOnTime: onTime(handling),
    resultOnTime: onTime(result),
    handlingDueMs: handling?.dueMs ?? null,
    resultDueMs: result?.dueMs ?? null,
    promiseKept: onTime(of('promise')),
    callbackReached: callbackReached(state, of('callback')) ? 1 : 0,
    satisfaction,
    isRepeat: extras?.repeat ? 1 : 0,
    customerLevel: attrs?.customerLevel ?? null,
    sharedCustomer:
      attrs?.sharedCustomer === undefined || attrs.sharedCustomer === null
        ? null
        : attrs.sharedCustomer
          ? 1
          : 0,
    ...tagFacts(state.tags), // failurePoint, qualityGap, responsible (issue 14 item 7)
  };
}
