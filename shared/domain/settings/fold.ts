/**
 * The settings fold: a branch's business calendar, official schedules and
 * deadline rules as VERSIONS, each in force from the HLC wall time of the
 * event that set it, derived from the branch's settings events. Pure and
 * runtime-neutral: every desk and head office run it over the same events and
 * agree, whatever order they arrived in (decision 0023).
 *
 * Authority is part of the fold (DESIGN.md section 3): an event counts only
 * if its actor held the role `admin` just before it in fold order (the
 * `roleAt` oracle, the staff directory's; without an oracle every event
 * counts). Others stay in the log without effect and are listed in `flags`.
 *
 * `settingsAt(state, atMs)` gives the settings in force at an instant: the
 * case fold derives a case's deadlines with the settings in force at its
 * receipt, so a later change does not move the deadlines of cases already
 * received. Parts nobody has set use the built-in defaults, and each year's
 * official schedule the bundled seed (./../deadlines/seed.ts).
 */
import { compileCalendar, type BusinessCalendar, type PublicYear } from '../deadlines/calendar';
import { DEFAULT_DEADLINE_RULES, type DeadlineRules } from '../deadlines/rules';
import { SEED_PUBLIC_YEARS } from '../deadlines/seed';
import type { EventEnvelope } from '../kernel/envelope';
import { streamKind } from '../kernel/envelope';
import { compareEvents, foldKey } from '../kernel/foldKey';
import { hlcWallMs } from '../kernel/hlc';
import type { Role } from '../kernel/roles';
import { DEFAULT_ANALYSIS_LISTS, type AnalysisLists } from './lists';
import { SETTINGS_PAYLOADS, SETTINGS_STREAM, type BranchCalendar, type SettingsEventType } from './payloads';

/** Who held which role just before fold key `key` (the staff directory's `roleAt`). */
export type SettingsRoleOracle = (actorId: string, key: string) => Role | null;

const OFFICE = [
  { from: '09:00', to: '12:00' },
  { from: '13:00', to: '17:30' },
];

/** The calendar of a branch nobody has set one for: Asia/Shanghai, Mon-Fri 09:00-12:00 and 13:00-17:30. */
export const DEFAULT_BRANCH_CALENDAR: BranchCalendar = {
  timeZone: 'Asia/Shanghai',
  week: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE, sat: [], sun: [] },
  makeUpHoursOf: 'mon',
  closures: [],
  extraDays: [],
};

/** One counted settings event: its value is in force from `fromMs` until a later version's. */
export interface SettingsVersion<T> {
  eventId: string;
  /** Fold key of the event. */
  key: string;
  actor: string;
  /** HLC wall time of the event (ms): from when the version is in force. */
  fromMs: number;
  /** The event's HLC (for "set at"). */
  hlc: string;
  value: T;
}

export type SettingsFlagReason = 'no_authority' | 'bad_payload';

/** A settings event kept in the log without effect. */
export interface SettingsFlag {
  eventId: string;
  type: string;
  actor: string;
  device: string;
  hlc: string;
  reason: SettingsFlagReason;
}

export interface SettingsState {
  /** Each list in fold order (so also by `fromMs`). */
  readonly calendars: readonly SettingsVersion<BranchCalendar>[];
  readonly publicYears: ReadonlyMap<number, readonly SettingsVersion<PublicYear>[]>;
  readonly rules: readonly SettingsVersion<DeadlineRules>[];
  /** Issue 14: the analysis lists (./lists.ts). */
  readonly lists: readonly SettingsVersion<AnalysisLists>[];
  readonly flags: readonly SettingsFlag[];
}

export function isSettingsEvent(e: Pick<EventEnvelope, 'stream'>): boolean {
  return streamKind(e.stream) === SETTINGS_STREAM;
}

function isSettingsType(type: string): type is SettingsEventType {
  return Object.prototype.hasOwnProperty.call(SETTINGS_PAYLOADS, type);
}

/** Folds a branch's settings events (any order; other streams are ignored). */
export function foldSettings(
  events: readonly EventEnvelope[],
  opts: { roleAt?: SettingsRoleOracle } = {},
): SettingsState {
  const sorted = events.filter(isSettingsEvent).sort(compareEvents);
  const calendars: SettingsVersion<BranchCalendar>[] = [];
  const publicYears = new Map<number, SettingsVersion<PublicYear>[]>();
  const rules: SettingsVersion<DeadlineRules>[] = [];
  const lists: SettingsVersion<AnalysisLists>[] = [];
  const flags: SettingsFlag[] = [];

  for (const e of sorted) {
    if (!isSettingsType(e.type)) continue; // a newer version's type: stored raw, replayed after an upgrade
    const flag = (reason: SettingsFlagReason) =>
      flags.push({ eventId: e.id, type: e.type, actor: e.actor, device: e.device, hlc: e.hlc, reason });
    const key = foldKey(e);
    if (opts.roleAt && opts.roleAt(e.actor, key) !== 'admin') {
      flag('no_authority');
      continue;
    }
    let fromMs: number;
    try {
      fromMs = hlcWallMs(e.hlc);
    } catch {
      flag('bad_payload');
      continue;
    }
    const version = <T>(value: T): SettingsVersion<T> => ({
      eventId: e.id,
      key,
      actor: e.actor,
      fromMs,
      hlc: e.hlc,
      value,
    });
    switch (e.type) {
      case 'settings.calendar_set': {
        const p = SETTINGS_PAYLOADS[e.type].safeParse(e.payload);
        if (p.success) calendars.push(version(p.data.calendar));
        else flag('bad_payload');
        break;
      }
      case 'settings.public_year_set': {
        const p = SETTINGS_PAYLOADS[e.type].safeParse(e.payload);
        if (!p.success) {
          flag('bad_payload');
          break;
        }
        const list = publicYears.get(p.data.year.year) ?? [];
        list.push(version(p.data.year));
        publicYears.set(p.data.year.year, list);
        break;
      }
      case 'settings.rules_set': {
        const p = SETTINGS_PAYLOADS[e.type].safeParse(e.payload);
        if (p.success) rules.push(version(p.data.rules));
        else flag('bad_payload');
        break;
      }
      case 'settings.analysis_lists_set': {
        const p = SETTINGS_PAYLOADS[e.type].safeParse(e.payload);
        if (p.success) lists.push(version(p.data.lists));
        else flag('bad_payload');
        break;
      }
    }
  }
  return { calendars, publicYears, rules, lists, flags };
}

/** The version of `list` (fold order) in force at `atMs`: the last whose `fromMs` <= atMs. */
export function versionAt<T>(list: readonly SettingsVersion<T>[], atMs: number): SettingsVersion<T> | null {
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.fromMs <= atMs) return list[i]!;
  return null;
}

export type PublicYearOrigin = 'seed' | 'imported';

/** One year's schedule in force, and whether it is the seed's or an administrator's import. */
export interface PublicYearInForce {
  year: PublicYear;
  origin: PublicYearOrigin;
  /** The import in force (null for the seed). */
  version: SettingsVersion<PublicYear> | null;
}

/** The official schedules in force at `atMs`, by year ascending: the seed, each year overridden by its import. */
export function publicYearsAt(state: SettingsState, atMs: number): PublicYearInForce[] {
  const byYear = new Map<number, PublicYearInForce>();
  for (const y of SEED_PUBLIC_YEARS) byYear.set(y.year, { year: y, origin: 'seed', version: null });
  for (const [year, list] of state.publicYears) {
    const v = versionAt(list, atMs);
    if (v) byYear.set(year, { year: v.value, origin: 'imported', version: v });
  }
  return [...byYear.values()].sort((a, b) => a.year.year - b.year.year);
}

/** The settings in force at an instant. Equal `key` means an equal result. */
export interface SettingsInForce {
  calendar: BusinessCalendar;
  rules: DeadlineRules;
  key: string;
}

interface Memo {
  /** Full key -> result. */
  results: Map<string, SettingsInForce>;
  /** Calendar and years part of the key -> compiled calendar. */
  calendars: Map<string, BusinessCalendar>;
}
const memos = new WeakMap<SettingsState, Memo>();
const MEMO_LIMIT = 1000;

/**
 * The settings in force at `atMs`: for each part, the last counted event
 * (fold order) whose HLC wall time is at or before `atMs`, else the default.
 * Memoised per state by version key, so calling it for every case is cheap.
 */
export function settingsAt(state: SettingsState, atMs: number): SettingsInForce {
  const cal = versionAt(state.calendars, atMs);
  const rules = versionAt(state.rules, atMs);
  let yearsKey = '';
  for (const [year, list] of [...state.publicYears].sort((a, b) => a[0] - b[0])) {
    const v = versionAt(list, atMs);
    if (v) yearsKey += `${year}=${v.eventId},`;
  }
  const calKey = `c:${cal?.eventId ?? 'default'};y:${yearsKey}`;
  const key = `${calKey};r:${rules?.eventId ?? 'default'}`;
  let memo = memos.get(state);
  if (!memo) {
    memo = { results: new Map(), calendars: new Map() };
    memos.set(state, memo);
  }
  const hit = memo.results.get(key);
  if (hit) return hit;
  let calendar = memo.calendars.get(calKey);
  if (!calendar) {
    calendar = compileCalendar({
      ...(cal?.value ?? DEFAULT_BRANCH_CALENDAR),
      publicYears: publicYearsAt(state, atMs).map((p) => p.year),
    });
    if (memo.calendars.size >= MEMO_LIMIT) memo.calendars.clear();
    memo.calendars.set(calKey, calendar);
  }
  const out: SettingsInForce = Object.freeze({
    calendar,
    rules: rules?.value ?? DEFAULT_DEADLINE_RULES,
    key,
  });
  if (memo.results.size >= MEMO_LIMIT) memo.results.clear();
  memo.results.set(key, out);
  return out;
}

/** The analysis lists in force at `atMs` (the defaults until an administrator set them). */
export function analysisListsAt(state: SettingsState, atMs: number): AnalysisLists {
  return versionAt(state.lists, atMs)?.value ?? DEFAULT_ANALYSIS_LISTS;
}

/** The settings of a branch nobody has set anything for (the bundled seed and the defaults). */
export const EMPTY_SETTINGS: SettingsState = foldSettings([]);
