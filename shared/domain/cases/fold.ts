/**
 * The case fold: the one place that turns the events of a case stream into a
 * `CaseState`. Projections, rebuilds, the server and tests all use it, so every
 * replica that holds the same set of events derives the same state, whatever
 * order the events arrived in (DESIGN.md section 3).
 *
 * Rules
 * - Fold order is (hlc, device, id), plain string comparison of each part.
 *   `foldCase` sorts its input, so the order of the input does not matter.
 * - Only events whose type this version knows and whose schema version is
 *   <= CURRENT_EVENT_SCHEMA are applied. Events of unknown types, newer schema
 *   versions, malformed HLCs or payloads that fail their zod schema are skipped
 *   and counted in `ignored`; they stay in the log and are folded again after an
 *   upgrade.
 * - `case.opened` creates the state (so does `case.imported`, a case from a
 *   hand-kept log, issue 13: ./importFold.ts; from an actor without a
 *   supervising role it creates none). `foldCase` applies it first wherever it
 *   sorts (a clock-skewed device may have stamped later events with a smaller
 *   HLC); `applyCaseEvent(null, other)` returns null. A second `case.opened`
 *   for the same stream is ignored (counted).
 * - Steps, notes: append-only. A re-recorded step replaces the earlier capture
 *   (the later one in fold order wins).
 * - Mutable fields (`case.field_set`): last-writer-wins per field by fold key.
 *   A register is replaced only by a larger key, so the result does not depend
 *   on application order: an edit made offline days ago never overwrites a
 *   newer one.
 * - Status is not LWW: it follows close/reopen events in fold order (a case
 *   with a `closed` and a later `reopened` is open).
 * - Authority (./authority.ts, docs/roles.md): lowering severity, extending
 *   the due date, reassigning a case one does not own, back-dating receipt
 *   beyond the window are a supervisor's acts (step 3's 疑似恶意索赔 is anyone's:
 *   a suspicion, not a determination).
 *   Whether an event is such an act is judged against the state at that point
 *   of the fold and the event's own HLC. Given a `roleAt` oracle, such an
 *   event whose actor held no supervising role at its fold key has no effect
 *   (a back-dated `case.opened` still opens the case, received at its entry
 *   time) and is recorded in `flags`; the payload's word is never taken for
 *   the actor's role. Without an oracle the acts count (every replica gives
 *   one: the staff directory of every staff event known, and re-judges when
 *   it changes; docs/roles.md). Because these judgements read the previous
 *   value, LWW fields too must be applied in fold order (`foldCase` does).
 *   A due date set without a supervising role over none (or over one set so)
 *   is `bounded` (./dueFold.ts): it brings the result deadline forward only.
 * - Follow-up facts (issue 9: pauses, contacts, actions, callbacks; the
 *   rules are in ./followUpFold.ts). An event without effect still advances
 *   `lastKey`; only a malformed one is counted in `ignored`. `stepHlc` keeps
 *   the HLC of the first effective recording of each step; a close also ends
 *   an open pause at the close's HLC.
 * - Nature (issue 12, `case.classified`): the rule is ./natureFold.ts.
 * - Judgments (issue 12: escalations and their reviews, suspected malicious
 *   claims; the rules are ./escalationFold.ts and ./maliceFold.ts). An
 *   escalation, a review and a determination are judged with the oracle's
 *   role at the event's fold key; one without effect is flagged with its
 *   reason. Suspicions and facts are anyone's and never ask the oracle.
 * - Issue 14: failure point (anyone), quality gap and the responsibility
 *   decision (a supervising role at the event's fold key, else flagged):
 *   ./tagsFold.ts.
 * - `lastKey`/`lastHlc` are the largest key (and its HLC) among the applied
 *   events. The projection applies a new event incrementally only when its key
 *   is larger than `lastKey` (`compareFoldKeys`); otherwise it re-folds.
 *
 * Pure: never mutates the state or event passed in.
 */
import { type EventEnvelope, streamKind, streamOf } from '../kernel/envelope';
import { compareFoldKeys, compareForFold, foldKey } from '../kernel/foldKey';
import { isFoldableWith, parsePayloadWith, type PayloadParse } from '../kernel/payloads';
import { hlcWallMs } from '../kernel/hlc';
import { isoOfHlc } from '../kernel/time';
import {
  fieldSetAct,
  isSupervising,
  receiptBackdated,
  type RestrictedAct,
  type RoleOracle,
} from './authority';
import { CASE_PAYLOADS, isCaseEventType, type CaseEventType, type CasePayloadOf } from './payloads';
import type { CaseState, LwwRegister } from './state';
import { endPause, followUpChanges, openPause, type FollowUpEvent } from './followUpFold';
import { evidenceChanges } from './evidenceFold';
import { escalationChanges, type EscalationEvent } from './escalationFold'; // issue 12
import { maliceChanges, type MaliceEvent } from './maliceFold'; // issue 12
import { natureChanges } from './natureFold'; // issue 12
import { stepFiveActionId } from './fcr'; // issue 12 review
import { importedCase } from './importFold'; // issue 13
import { openedState, openingAttributes } from './openState';
import { tagChanges, type TagEvent } from './tagsFold'; // issue 14
import { dueRegister } from './dueFold';
import { nextOpenStep, sortedFields, withStepHlc } from './stepFold';

/** The stream kind of cases: `case:<uuid>`. */
export const CASE_STREAM = 'case';

export interface FoldOptions {
  /**
   * The role an actor held at a fold key (the staff fold's role history).
   * When given, a restricted act by an actor without a supervising role then
   * has no effect and is flagged; when absent, restricted acts count.
   */
  roleAt?: RoleOracle;
}

/** False when an oracle says the event's actor held no supervising role at its fold key. */
function hasAuthority(e: EventEnvelope, opts: FoldOptions | undefined): boolean {
  if (opts?.roleAt === undefined) return true;
  return isSupervising(opts.roleAt(e.actor, foldKey(e)));
}

function flagged(state: CaseState, e: EventEnvelope, act: RestrictedAct): CaseState['flags'] {
  return [...state.flags, { act, eventId: e.id, reason: 'no_authority' }];
}

/** The role the oracle gives the event's actor at its fold key; undefined without an oracle (acts count). */
function roleOf(e: EventEnvelope, opts: FoldOptions | undefined) {
  return opts?.roleAt === undefined ? undefined : opts.roleAt(e.actor, foldKey(e));
}

/** True when this version may apply the event to a case (a case event type, schema, HLC form). */
function isFoldable(e: EventEnvelope): boolean {
  return isFoldableWith(e, isCaseEventType);
}

function parsePayload<T extends CaseEventType>(type: T, payload: unknown): PayloadParse<CasePayloadOf<T>> {
  return parsePayloadWith(type, CASE_PAYLOADS[type], payload) as PayloadParse<CasePayloadOf<T>>;
}

/** True for the event types that open a case: `case.opened`, and `case.imported` (issue 13). */
export function opensCase(type: string): boolean {
  return type === 'case.opened' || type === 'case.imported';
}

function openCase(e: EventEnvelope, opts: FoldOptions | undefined): CaseState | null {
  if (!opensCase(e.type) || !isFoldable(e) || streamKind(e.stream) !== CASE_STREAM) return null;
  if (e.type === 'case.imported') {
    // Issue 13: a supervisor's or admin's act; from anyone else it opens nothing (./importFold.ts).
    const imported = parsePayload('case.imported', e.payload);
    return imported.success && hasAuthority(e, opts) ? importedCase(e, imported.data) : null;
  }
  const parsed = parsePayload('case.opened', e.payload);
  if (!parsed.success) return null;
  const p = parsed.data;
  // Back-dated beyond the window by someone without the authority: the case
  // opens, received when it was entered, and the event is flagged.
  const refused = receiptBackdated(p.receivedAt, hlcWallMs(e.hlc)) && !hasAuthority(e, opts);
  const attributes = openingAttributes(p);
  return openedState(e, {
    account: p.account,
    ...(attributes === undefined ? {} : { attributes }),
    category: p.category,
    channel: p.channel,
    closedHlc: null,
    customer: p.customer,
    flags: refused ? [{ act: 'backdate_receipt', eventId: e.id, reason: 'no_authority' }] : [],
    lateReason: p.lateReason ?? null,
    nature: null,
    number: p.number,
    owner: p.owner,
    receivedAt: refused ? isoOfHlc(e.hlc) : p.receivedAt,
    scriptVersion: p.scriptVersion,
    severity: p.severity,
    status: 'new',
  });
}

function ignore(state: CaseState): CaseState {
  return { ...state, ignored: state.ignored + 1 };
}

/**
 * The state with `changes` applied, and lastKey/lastHlc moved forward if this
 * event's key is the largest applied so far: one copy of the state per event.
 */
function advance(state: CaseState, e: EventEnvelope, changes: Partial<CaseState>): CaseState {
  const key = foldKey(e);
  if (compareFoldKeys(key, state.lastKey) <= 0) return { ...state, ...changes };
  return { ...state, ...changes, lastKey: key, lastHlc: e.hlc };
}

function lww<T>(reg: LwwRegister<T>, value: T, key: string): LwwRegister<T> {
  return compareFoldKeys(key, reg.key) > 0 ? { key, value } : reg;
}

/**
 * Applies one event to a case state and returns the new state (or the same
 * object when the event belongs to another stream). Pure.
 *
 * - `state === null`: only a valid `case.opened` creates a state; anything
 *   else returns null.
 * - Events of another stream return `state` unchanged (not counted).
 * - Unknown/newer/invalid events and a second `case.opened` are counted in
 *   `ignored`.
 *
 * Steps, status and the authority checks (which read the previous value of
 * a field) depend on order: apply events in fold order (or use `foldCase`).
 */
export function applyCaseEvent(
  state: CaseState | null,
  e: EventEnvelope,
  opts?: FoldOptions,
): CaseState | null {
  if (state === null) return openCase(e, opts);
  if (e.stream !== streamOf(CASE_STREAM, state.id)) return state;
  if (!isFoldable(e)) return ignore(state);

  switch (e.type) {
    case 'case.opened':
    case 'case.imported': // issue 13: a second opening of the stream
      return ignore(state);

    case 'case.step_recorded': {
      const r = parsePayload('case.step_recorded', e.payload);
      if (!r.success) return ignore(state);
      const steps: CaseState['steps'] = { ...state.steps, [r.data.step]: sortedFields(r.data.fields) };
      const first = state.stepHlc[r.data.step] === undefined;
      return advance(state, e, {
        ...(first ? { stepHlc: withStepHlc(state.stepHlc, r.data.step, e.hlc) } : {}),
        steps,
        currentStep: nextOpenStep(steps),
        status: state.status === 'closed' ? 'closed' : 'in_progress',
      });
    }

    case 'case.note_added': {
      const r = parsePayload('case.note_added', e.payload);
      if (!r.success) return ignore(state);
      return advance(state, e, { noteCount: state.noteCount + 1, notes: [...state.notes, r.data.text] });
    }

    case 'case.field_set': {
      const r = parsePayload('case.field_set', e.payload);
      if (!r.success) return ignore(state);
      const { field, value } = r.data;
      const key = foldKey(e);
      const act = fieldSetAct(state, e.actor, field, value);
      if (act !== null && !hasAuthority(e, opts)) return advance(state, e, { flags: flagged(state, e, act) });
      switch (field) {
        case 'category':
        case 'severity':
          // These always have a value; clearing them is not a valid edit.
          if (value === null) return ignore(state);
          return advance(state, e, { [field]: lww(state[field], value, key) });
        case 'assignee':
          return advance(state, e, { assignee: lww(state.assignee, value, key) });
        case 'dueAt':
          return advance(state, e, { dueAt: dueRegister(state.dueAt, value, key, !hasAuthority(e, opts)) });
      }
      return ignore(state);
    }

    case 'case.closed': {
      const r = parsePayload('case.closed', e.payload);
      if (!r.success) return ignore(state);
      const reason = r.data.overrideReason;
      const closeReasons = reason === null ? state.closeReasons : [...state.closeReasons, reason];
      return advance(state, e, {
        status: 'closed',
        // A close meeting a closed case is another desk's concurrent duplicate (./natureFold.ts):
        // the first close's time stands, so the duplicate cannot make the close (and FCR) late.
        closedHlc: state.status === 'closed' ? state.closedHlc : e.hlc,
        closeReasons,
        ...(openPause(state) ? { pauses: endPause(state.pauses, e.hlc) } : {}),
      });
    }

    case 'case.reopened': {
      const r = parsePayload('case.reopened', e.payload);
      if (!r.success) return ignore(state);
      const hasSteps = Object.keys(state.steps).length > 0;
      return advance(state, e, {
        status: hasSteps ? 'in_progress' : 'new',
        closedHlc: null,
        reopenReasons: [...state.reopenReasons, r.data.reason],
      });
    }

    case 'case.paused':
    case 'case.resumed':
    case 'case.contact_attempted':
    case 'case.action_added':
    case 'case.action_done':
    case 'case.callback_recorded': {
      const r = parsePayload(e.type, e.payload);
      if (!r.success) return ignore(state);
      const changes = followUpChanges(state, e, { type: e.type, payload: r.data } as FollowUpEvent);
      // Issue 12 review: remember step 5's own action by id (./fcr.ts).
      const own = changes.actions === undefined ? null : stepFiveActionId(state, changes.actions);
      return advance(state, e, own === null ? changes : { ...changes, step5ActionId: own });
    }

    // ---- evidence (issue 12)
    case 'case.evidence_added': {
      const r = parsePayload('case.evidence_added', e.payload);
      if (!r.success) return ignore(state);
      return advance(state, e, evidenceChanges(state, e, r.data));
    }

    case 'case.classified': {
      const r = parsePayload('case.classified', e.payload);
      if (!r.success) return ignore(state);
      const authorized = () => hasAuthority(e, opts); // asked only of a re-classification
      return advance(state, e, natureChanges(state, e, r.data, authorized));
    }

    // ---- escalation (issue 12; ./escalationFold.ts)
    case 'case.escalated':
    case 'case.escalation_reviewed': {
      const r = parsePayload(e.type, e.payload);
      if (!r.success) return ignore(state);
      const f = { type: e.type, payload: r.data } as EscalationEvent;
      return advance(state, e, escalationChanges(state, e, f, roleOf(e, opts)));
    }

    // ---- malicious claims (issue 12; ./maliceFold.ts)
    case 'case.malice_suspected':
    case 'case.malice_facts_recorded':
    case 'case.malice_determined': {
      const r = parsePayload(e.type, e.payload);
      if (!r.success) return ignore(state);
      const f = { type: e.type, payload: r.data } as MaliceEvent;
      // Only a determination is judged: suspicions and facts are anyone's and never ask the oracle.
      const role = e.type === 'case.malice_determined' ? roleOf(e, opts) : undefined;
      return advance(state, e, maliceChanges(state, e, f, role));
    }

    // ---- failure point, quality gap, accountability (issue 14; ./tagsFold.ts)
    case 'case.tagged':
    case 'case.responsibility_decided': {
      const r = parsePayload(e.type, e.payload);
      if (!r.success) return ignore(state);
      const f = { type: e.type, payload: r.data } as TagEvent;
      // The failure point alone is anyone's and never asks the oracle.
      const asks = f.type === 'case.responsibility_decided' || f.payload.qualityGap !== undefined;
      return advance(state, e, tagChanges(state, e, f, asks ? roleOf(e, opts) : undefined));
    }

    default:
      // Not a case event type (isFoldable refuses those first); never reached today.
      return ignore(state);
  }
}

/**
 * Folds the events of one case stream into its state; null when there is no
 * valid `case.opened`. Sorts by (hlc, device, id), applies the first valid
 * `case.opened` first wherever it sorts, then every other event in order.
 * Events repeated with the same id are folded once. Events of other streams
 * are left out. The result is the same for any order of `events`.
 */
export function foldCase(events: readonly EventEnvelope[], opts?: FoldOptions): CaseState | null {
  const sorted = [...events].sort(compareForFold);
  const seen = new Set<string>();
  const unique: EventEnvelope[] = [];
  for (const e of sorted) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    unique.push(e);
  }

  let state: CaseState | null = null;
  let openedAt = -1;
  for (let i = 0; i < unique.length && state === null; i++) {
    const e = unique[i];
    if (e !== undefined && opensCase(e.type)) {
      state = openCase(e, opts);
      if (state !== null) openedAt = i;
    }
  }
  if (state === null) return null;

  for (let i = 0; i < unique.length; i++) {
    const e = unique[i];
    if (i === openedAt || e === undefined) continue;
    state = applyCaseEvent(state, e, opts) ?? state;
  }
  return state;
}
