/**
 * Issue 12's derived columns of a case row, one definition for every
 * replica: the desk's case projector (electron/desk/features/cases/
 * repeats.ts) and head office's (server/store/repeats.ts) both write what
 * these functions give, so the same events give the same flags everywhere
 * (docs/first-contact-resolution.md, decision 0030).
 *
 * - `nature` from the fold (`case.classified`); `fcr` from the fold and the
 *   case's `handling` deadline, derived with the branch settings in force at
 *   its receipt (./cases/fcr.ts);
 * - the customer index entry: the case's customer key (./cases/customerKey.ts),
 *   its receipt and the repeat window in force at that receipt, which the
 *   repeat rule (./cases/repeat.ts) judges a case by.
 *
 * It composes the cases and deadlines features, so it sits beside
 * caseFacts.ts rather than in either. Runtime-neutral and pure.
 */
import { deriveCaseDeadlines } from './caseFacts';
import { customerKey, normalName } from './cases/customerKey';
import { firstContactResolution } from './cases/fcr';
import type { CaseState } from './cases/state';
import type { CaseDeadline, SettingsAt, SettingsInForce } from './deadlines/caseDeadlines';
import { repeatWindowDaysOf } from './deadlines/rules';
import { hlcWallMs } from './kernel/hlc';

/** The issue-12 columns a case row carries from its own state (repeat is apart: it reads other cases). */
export interface CaseJudgementColumns {
  nature: string | null;
  /** 1 or 0 for a closed case, null while open. */
  fcr: number | null;
}

/** The case's receipt as epoch ms (its entry time when the text does not parse). */
export function caseReceivedMs(s: Pick<CaseState, 'receivedAt' | 'openedHlc'>): number {
  const t = Date.parse(s.receivedAt);
  return Number.isFinite(t) ? t : hlcWallMs(s.openedHlc);
}

/**
 * A case's deadlines derived with the settings in force at its receipt.
 * One write of a case row needs them three or four times (its deadline
 * rows, its fcr, its facts and the facts' fcr): a projector derives them
 * once and hands the result to each, which then derive nothing. Only valid
 * for the very state it was derived from.
 */
export interface DerivedAtReceipt {
  receivedMs: number;
  settings: SettingsInForce;
  deadlines: readonly CaseDeadline[];
}

export function deriveAtReceipt(state: CaseState, settingsAt: SettingsAt): DerivedAtReceipt {
  const receivedMs = caseReceivedMs(state);
  const settings = settingsAt(receivedMs);
  return { receivedMs, settings, deadlines: deriveCaseDeadlines(state, settings.calendar, settings.rules) };
}

/**
 * `nature` and `fcr` of a case row, with the settings in force at its
 * receipt (`derived`: already worked out for this state, see above).
 */
export function caseJudgementColumns(
  state: CaseState,
  settingsAt: SettingsAt,
  derived?: DerivedAtReceipt,
): CaseJudgementColumns {
  const nature = state.nature?.value ?? null;
  if (state.status !== 'closed') return { nature, fcr: null };
  // Issue 13: an imported case's FCR is what its log states (null when it does not say), unless
  // it was reopened since, which the rule's own `reopened` miss judges (decision 0035).
  if (state.imported !== undefined && state.reopenReasons.length === 0) {
    const stated = state.imported.fcr;
    return { nature, fcr: stated === null ? null : stated ? 1 : 0 };
  }
  const { deadlines } = derived ?? deriveAtReceipt(state, settingsAt);
  const handling = deadlines.find((d) => d.kind === 'handling');
  const fcr = firstContactResolution(state, handling?.dueMs ?? null);
  return { nature, fcr: fcr === null ? null : fcr ? 1 : 0 };
}

/**
 * A case's customer index entry: keyed by the normalised phone when it has
 * one (`phoneNorm`, '' otherwise), else by the normalised name (`nameNorm`,
 * kept for phone-keyed cases too, for the history lookup); its receipt and
 * the repeat window in force then. Null when the case has no customer key
 * (no phone, no name): it is never a repeat, nor makes one.
 */
export interface CustomerIndexEntry {
  phoneNorm: string;
  nameNorm: string;
  receivedMs: number;
  windowDays: number;
  /** The case's category: a repeat notes an earlier case of the same one (./cases/repeat.ts sameCategory). */
  category: string;
}

export function customerIndexEntry(state: CaseState, settingsAt: SettingsAt): CustomerIndexEntry | null {
  const key = customerKey(state.customer);
  if (key === null) return null;
  const receivedMs = caseReceivedMs(state);
  return {
    phoneNorm: key.kind === 'phone' ? key.value : '',
    nameNorm: normalName(state.customer.name),
    receivedMs,
    windowDays: repeatWindowDaysOf(settingsAt(receivedMs).rules),
    category: state.category.value,
  };
}
