/**
 * The case feature at head office: one `cases` row per case, the CaseState
 * folded with shared/domain/cases/fold (the same fold every desk runs), plus
 * the columns the admin list filters on, with the desk's row mapping and
 * search text (shared/domain/cases/row.ts).
 *
 * Events are applied incrementally when they all sort after the case's last
 * applied event; otherwise (late or out-of-order arrivals, events that came
 * before their `case.opened`) the case is folded again from the log.
 *
 * Restricted acts (docs/roles.md) are judged as every desk judges them, with
 * the staff directory of the case's branch (stored staff events plus those of
 * the push group), built only when a fold asks: most groups never need it.
 * The cases whose fold asked are recorded in `case_judged`, and `refresh`
 * folds a branch's again when its staff rows change
 * (server/store/projection.ts wires it), so a staff event arriving after the
 * act it decides still counts here as on the desks.
 */
import type { Kysely } from 'kysely';
import type { RoleOracle } from '../../shared/domain/cases/authority';
import {
  applyCaseEvent,
  CASE_STREAM,
  foldCase,
  opensCase,
  type FoldOptions,
} from '../../shared/domain/cases/fold';
import { CASE_PROJECTION_VERSION, caseStateColumns } from '../../shared/domain/cases/row';
import { stateJson, type CaseState } from '../../shared/domain/cases/state';
import { streamId, type EventEnvelope } from '../../shared/domain/kernel/envelope';
import { compareEvents, compareFoldKeys, foldKey } from '../../shared/domain/kernel/foldKey';
import { caseJudgementColumns } from '../../shared/domain/caseJudgement';
import { settingsAt, type SettingsState } from '../../shared/domain/settings/fold';
import { SETTINGS_STREAM } from '../../shared/domain/settings/payloads';
import { clearCaseFacts, writeCaseFacts } from './caseFacts';
import { rollupLockName } from './factsRollup';
import { caseWorkColumns, settingsKeyFor } from './caseWork';
import { chunks, readStreams, type ProjectionGroup, type ServerProjector } from './projectors';
import { clearCustomers, customersLockName, writeRepeats } from './repeats';
import type { CasesTable, ServerDB } from './schema';
import { storedBranchSettings } from './settings';

/**
 * The head-office row of a case: the columns the desk has too (shared
 * mapping, same search text), where it was recorded, the HLCs its times
 * are read from (server/store/admin.ts), and its deadlines derived with its
 * branch's settings in force at receipt (./caseWork.ts), and the nature and
 * first-contact resolution as the desk derives them (issue 12; `repeat` is
 * judged after the rows are written, ./repeats.ts).
 */
export function caseRow(s: CaseState, now: number, settings: SettingsState): CasesTable {
  return {
    ...caseStateColumns(s),
    ...caseWorkColumns(s, settings),
    ...caseJudgementColumns(s, (ms) => settingsAt(settings, ms)),
    repeat: 0, // a new row's; the upsert keeps a stored row's (./repeats.ts writes it)
    repeat_same_category: 0, // likewise
    id: s.id,
    branch: s.branch,
    device: s.device,
    opened_hlc: s.openedHlc,
    escalated_hlc: s.escalation?.since ?? null, // issue 12
    last_hlc: s.lastHlc,
    closed_hlc: s.closedHlc,
    state: stateJson(s),
    updated_at: now,
  };
}

/**
 * Writes the rows of folded states, each derived with its branch's stored
 * settings (read once per branch), then their customer index entries and the
 * repeat flags those reach (./repeats.ts), then their facts rows for the
 * analysis (./caseFacts.ts).
 */
async function writeCases(tx: Kysely<ServerDB>, states: readonly CaseState[], now: number): Promise<void> {
  if (states.length === 0) return;
  const settings = await storedBranchSettings(
    tx,
    states.map((s) => s.branch),
  );
  const of = (branch: string) => settings.get(branch) as SettingsState;
  await upsertCases(
    tx,
    states.map((s) => caseRow(s, now, of(s.branch))),
  );
  const at = (branch: string) => (ms: number) => settingsAt(of(branch), ms);
  await writeRepeats(tx, states, at);
  await writeCaseFacts(tx, states, at); // issue 14, with the repeat flags just judged
}

/** Inserts or replaces case rows, many per statement (35 parameters a row; `repeat`, `repeat_same_category` only on insert). */
async function upsertCases(tx: Kysely<ServerDB>, rows: readonly CasesTable[]): Promise<void> {
  for (const part of chunks(rows, 100)) {
    await tx
      .insertInto('cases')
      .values(part)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          branch: eb.ref('excluded.branch'),
          device: eb.ref('excluded.device'),
          number: eb.ref('excluded.number'),
          status: eb.ref('excluded.status'),
          current_step: eb.ref('excluded.current_step'),
          category: eb.ref('excluded.category'),
          severity: eb.ref('excluded.severity'),
          owner: eb.ref('excluded.owner'),
          assignee: eb.ref('excluded.assignee'),
          channel: eb.ref('excluded.channel'),
          customer_name: eb.ref('excluded.customer_name'),
          customer_phone: eb.ref('excluded.customer_phone'),
          received_at: eb.ref('excluded.received_at'),
          opened_hlc: eb.ref('excluded.opened_hlc'),
          last_hlc: eb.ref('excluded.last_hlc'),
          closed_hlc: eb.ref('excluded.closed_hlc'),
          due_at: eb.ref('excluded.due_at'),
          search_text: eb.ref('excluded.search_text'),
          state: eb.ref('excluded.state'),
          updated_at: eb.ref('excluded.updated_at'),
          received_ms: eb.ref('excluded.received_ms'),
          settings_key: eb.ref('excluded.settings_key'),
          next_due_ms: eb.ref('excluded.next_due_ms'),
          next_due_kind: eb.ref('excluded.next_due_kind'),
          paused: eb.ref('excluded.paused'),
          // ---- issue 12
          escalation_level: eb.ref('excluded.escalation_level'),
          escalated_hlc: eb.ref('excluded.escalated_hlc'),
          unreviewed: eb.ref('excluded.unreviewed'),
          malice: eb.ref('excluded.malice'),
          nature: eb.ref('excluded.nature'),
          fcr: eb.ref('excluded.fcr'),
        })),
      )
      .execute();
  }
}

/**
 * The role oracle of a branch, for the folds of one push group (whose new
 * events are not in the log yet) or of a rebuild (an empty group). The
 * composition root supplies it (server/store/projection.ts).
 */
export type BranchAuthority = (
  tx: Kysely<ServerDB>,
  branch: string,
  group: ProjectionGroup,
) => Promise<RoleOracle>;

/** A case whose fold asked the oracle, and the branch whose directory it asked. */
interface Judged {
  branch: string;
  id: string;
}

/**
 * Folds with a branch's oracle, fetched only when a fold asks: `run` folds
 * with the options given; when it asked for a branch not fetched yet, the
 * oracle is fetched and `run` folds again (the fold up to its first question
 * never depends on the answers, so whether it asks does not either).
 */
class Judge {
  private readonly oracles = new Map<string, RoleOracle>();
  constructor(
    private readonly tx: Kysely<ServerDB>,
    private readonly group: ProjectionGroup,
    private readonly authority: BranchAuthority | undefined,
  ) {}

  async fold<T>(branch: string, run: (opts: FoldOptions) => T): Promise<{ value: T; asked: boolean }> {
    if (this.authority === undefined) return { value: run({}), asked: false };
    const known = this.oracles.get(branch);
    let asked = false;
    const value = run({
      roleAt: (actorId, key) => {
        asked = true;
        return known ? known(actorId, key) : null;
      },
    });
    if (!asked || known) return { value, asked };
    const oracle = await this.authority(this.tx, branch, this.group);
    this.oracles.set(branch, oracle);
    return { value: run({ roleAt: oracle }), asked: true };
  }
}

/** The branch whose staff judge a case: its state's, else its first `case.opened`'s in fold order. */
function caseBranch(state: CaseState | undefined, events: readonly EventEnvelope[]): string {
  if (state) return state.branch;
  const sorted = [...events].sort(compareEvents);
  return (sorted.find((e) => opensCase(e.type)) ?? sorted[0])?.branch ?? '';
}

async function markJudged(tx: Kysely<ServerDB>, judged: readonly Judged[]): Promise<void> {
  for (const part of chunks(judged, 200)) {
    await tx
      .insertInto('case_judged')
      .values(part)
      .onConflict((oc) => oc.columns(['branch', 'id']).doNothing())
      .execute();
  }
}

/** Folds new case events (not in the log yet) into their rows; re-folds a stream from its log when needed. */
async function applyCases(
  tx: Kysely<ServerDB>,
  events: readonly EventEnvelope[],
  now: number,
  group: ProjectionGroup,
  authority: BranchAuthority | undefined,
): Promise<void> {
  const byCase = new Map<string, EventEnvelope[]>();
  for (const e of events) {
    const list = byCase.get(e.stream) ?? [];
    list.push(e);
    byCase.set(e.stream, list);
  }
  const streams = [...byCase.keys()];
  const current = new Map<string, CaseState>();
  for (const part of chunks(streams.map(streamId))) {
    const rows = await tx.selectFrom('cases').select(['id', 'state']).where('id', 'in', part).execute();
    for (const r of rows) current.set(r.id, JSON.parse(r.state) as CaseState);
  }

  const judge = new Judge(tx, group, authority);
  const judged: Judged[] = [];
  const refold: string[] = [];
  const states: CaseState[] = [];
  for (const [stream, fresh] of byCase) {
    const state = current.get(streamId(stream));
    const sorted = [...fresh].sort(compareEvents);
    const first = sorted[0];
    if (state && first && compareFoldKeys(foldKey(first), state.lastKey) > 0) {
      const next = await judge.fold(state.branch, (opts) => {
        let s: CaseState = state;
        for (const e of sorted) s = applyCaseEvent(s, e, opts) ?? s;
        return s;
      });
      states.push(next.value);
      if (next.asked) judged.push({ branch: state.branch, id: state.id });
    } else {
      refold.push(stream);
    }
  }

  if (refold.length > 0) {
    const logs = await readStreams(tx, refold);
    for (const stream of refold) {
      const all = [...(logs.get(stream) ?? []), ...(byCase.get(stream) ?? [])];
      const branch = caseBranch(current.get(streamId(stream)), all);
      const state = await judge.fold(branch, (opts) => foldCase(all, opts));
      if (state.value) states.push(state.value);
      // Asked and refused too (a case.imported before its supervisor is known here): the refresh
      // after a staff change folds it again, so the case opens whatever order the events came in.
      if (state.asked) judged.push({ branch, id: streamId(stream) });
    }
  }
  await writeCases(tx, states, now);
  await markJudged(tx, judged);
}

/**
 * The staff rows of `branches` changed in this group: folds the cases whose
 * fold asked their oracle again, from their log and the group's new events,
 * and rewrites those whose state changed.
 */
async function refreshCases(
  tx: Kysely<ServerDB>,
  branches: readonly string[],
  now: number,
  group: ProjectionGroup,
  authority: BranchAuthority | undefined,
): Promise<void> {
  if (authority === undefined) return;
  const fresh = new Map<string, EventEnvelope[]>();
  for (const e of group.events) fresh.set(e.stream, [...(fresh.get(e.stream) ?? []), e]);
  for (const branch of branches) {
    const ids = await tx.selectFrom('case_judged').select('id').where('branch', '=', branch).execute();
    if (ids.length === 0) continue;
    const roleAt = await authority(tx, branch, group);
    for (const part of chunks(ids.map((r) => r.id))) {
      const stored = new Map<string, string>();
      const current = await tx.selectFrom('cases').select(['id', 'state']).where('id', 'in', part).execute();
      for (const r of current) stored.set(r.id, r.state);
      const streams = part.map((id) => `${CASE_STREAM}:${id}`);
      const logs = await readStreams(tx, streams);
      const states: CaseState[] = [];
      for (const stream of streams) {
        const state = foldCase([...(logs.get(stream) ?? []), ...(fresh.get(stream) ?? [])], { roleAt });
        if (state && stateJson(state) !== stored.get(state.id)) states.push(state);
      }
      await writeCases(tx, states, now);
    }
  }
}

/**
 * The settings of `branches` changed in this group (a settings event, or a
 * staff event that re-judged one): derives again the deadlines of the cases
 * whose settings in force at receipt are now another version (the settings
 * key stored with their row), from their stored state.
 */
async function rederiveCases(tx: Kysely<ServerDB>, branches: readonly string[], now: number): Promise<void> {
  const settings = await storedBranchSettings(tx, branches);
  for (const branch of branches) {
    const inForce = settings.get(branch) as SettingsState;
    const basis = await tx
      .selectFrom('cases')
      .select(['id', 'received_ms', 'settings_key'])
      .where('branch', '=', branch)
      .execute();
    const stale = basis
      .filter(
        (r) =>
          settingsKeyFor(r.received_ms === null ? null : Number(r.received_ms), inForce) !== r.settings_key,
      )
      .map((r) => r.id);
    for (const part of chunks(stale)) {
      const rows = await tx.selectFrom('cases').select('state').where('id', 'in', part).execute();
      const states = rows.map((r) => JSON.parse(r.state) as CaseState);
      await writeCases(tx, states, now);
    }
  }
}

/** Folds every case stream of the log again; returns the number of case rows. */
async function rebuildCases(
  tx: Kysely<ServerDB>,
  now: number,
  authority: BranchAuthority | undefined,
): Promise<number> {
  const judge = new Judge(tx, { events: [] }, authority);
  const streams = await tx
    .selectFrom('events')
    .select('stream')
    .distinct()
    .where('stream', 'like', `${CASE_STREAM}:%`)
    .execute();
  let n = 0;
  for (const part of chunks(streams.map((r) => r.stream))) {
    const logs = await readStreams(tx, part);
    const states: CaseState[] = [];
    const judged: Judged[] = [];
    for (const stream of part) {
      const events = logs.get(stream) ?? [];
      const branch = caseBranch(undefined, events);
      const state = await judge.fold(branch, (opts) => foldCase(events, opts));
      if (state.value) states.push(state.value);
      // Asked and refused too (a case.imported before its supervisor is known here): the refresh
      // after a staff change folds it again, so the case opens whatever order the events came in.
      if (state.asked) judged.push({ branch, id: streamId(stream) });
    }
    await writeCases(tx, states, now);
    await markJudged(tx, judged);
    n += states.length;
  }
  return n;
}

/**
 * The case projector at head office. With `authority` (the branch's staff
 * directory, wired in server/store/projection.ts) restricted acts are judged
 * as on the desks; without it they count.
 */
export function caseProjector(
  authority?: BranchAuthority,
  sharedLockNames?: (e: EventEnvelope) => string[],
): ServerProjector {
  return {
    kind: CASE_STREAM,
    // The shared row mapping's version, times 10, plus head office's own: 1 = the deadline columns
    // (issue 9), 2 = nature, first-contact resolution, repeat flags and the customer index (issue 12),
    // 3 = the facts rows of the analysis (issue 14: a stored server fills them at its next start).
    version: CASE_PROJECTION_VERSION * 10 + 3,
    apply: (tx, events, now, group) => applyCases(tx, events, now, group, authority),
    // Staff changed: re-judge; settings changed: re-derive the deadlines (server/store/projection.ts).
    refresh: (tx, branches, now, group, on) =>
      on === SETTINGS_STREAM
        ? rederiveCases(tx, branches, now)
        : refreshCases(tx, branches, now, group, authority),
    ...(sharedLockNames ? { sharedLockNames } : {}),
    // Issue 12: a new case joins its customer's cases; pushes adding cases of a branch take turns (./repeats.ts).
    // Issue 14: every case push of a branch adds to the branch's rollup rows (./factsRollup.ts), which
    // would have it wait for the others anyway; taken up front, with the other locks in key order, no
    // two pushes can lock two rollup rows in opposite orders (a deadlock on PostgreSQL).
    lockNames: (e) => [rollupLockName(e.branch), ...(opensCase(e.type) ? [customersLockName(e.branch)] : [])],
    clear: async (tx) => {
      await tx.deleteFrom('cases').execute();
      await tx.deleteFrom('case_judged').execute();
      await clearCustomers(tx);
      await clearCaseFacts(tx);
    },
    rebuild: (tx, now) => rebuildCases(tx, now, authority),
  };
}
