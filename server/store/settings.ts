/**
 * The settings feature at head office (issue 9; decision 0023): the same
 * settings fold every desk runs (shared/domain/settings/fold.ts), one fold
 * per branch, judged with the branch's staff directory as role oracle (an
 * event counts only if its actor was an administrator just before it), so
 * head office and the desks agree on the settings in force at any instant.
 *
 * Every branch's settings stream has the same id (`SETTINGS_STREAM_NAME`):
 * everything here is scoped by the envelope's `branch`: the events read,
 * the row written (`branch_settings`, one per branch that has settings
 * events), the lock a push takes (`streamLockName`, `lockNames`). A branch's
 * settings are a handful of events, so any new one refolds the branch whole.
 *
 * The fold reads the staff directory, so a push holds the branch's staff
 * lock shared, and the projector folds a branch again when its staff rows
 * changed (`dependsOn('settings', 'staff')` in server/store/projection.ts),
 * so a promotion or demotion arriving late re-judges the settings events it
 * decides, as on the desks.
 */
import type { Kysely } from 'kysely';
import type { PublicYear } from '../../shared/domain/deadlines/calendar';
import {
  envelopeFromStored,
  STORED_EVENT_COLUMNS,
  type EventEnvelope,
} from '../../shared/domain/kernel/envelope';
import {
  EMPTY_SETTINGS,
  foldSettings,
  isSettingsEvent,
  type SettingsRoleOracle,
  type SettingsState,
  type SettingsVersion,
} from '../../shared/domain/settings/fold';
import { SETTINGS_STREAM, SETTINGS_STREAM_NAME } from '../../shared/domain/settings/payloads';
import type { ProjectionGroup, ServerProjector } from './projectors';
import type { ServerDB } from './schema';

/**
 * The role oracle of a branch for the folds of one push group (whose new
 * events are not in the log yet) or of a rebuild (an empty group); supplied
 * by the composition root (server/store/projection.ts).
 */
export type SettingsAuthority = (
  tx: Kysely<ServerDB>,
  branch: string,
  group: ProjectionGroup,
) => Promise<SettingsRoleOracle>;

/** The lock serialising writers of a branch's settings (its row); a fold reading them holds it shared. */
export function settingsLockName(branch: string): string {
  return `${SETTINGS_STREAM_NAME}@${branch}`;
}

/** The stored settings events of a branch, in any order. */
async function storedSettingsEvents(tx: Kysely<ServerDB>, branch: string): Promise<EventEnvelope[]> {
  const rows = await tx
    .selectFrom('events')
    .select(STORED_EVENT_COLUMNS)
    .where('branch', '=', branch)
    .where('stream', '=', SETTINGS_STREAM_NAME)
    .execute();
  return rows.map(envelopeFromStored);
}

/** What a settings state did: the counted events and the flagged ones (equal => same settings). */
export function settingsSignature(s: SettingsState): string {
  const ids = [
    ...s.calendars.map((v) => v.eventId),
    '|',
    ...[...s.publicYears.entries()]
      .sort((a, b) => a[0] - b[0])
      .flatMap(([year, l]) => l.map((v) => `${year}=${v.eventId}`)),
    '|',
    ...s.rules.map((v) => v.eventId),
    '|',
    ...s.lists.map((v) => v.eventId),
    '|',
    ...s.flags.map((f) => `${f.eventId}:${f.reason}`),
  ];
  return ids.join(',');
}

interface StoredSettings {
  calendars: SettingsState['calendars'];
  publicYears: [number, readonly SettingsVersion<PublicYear>[]][];
  rules: SettingsState['rules'];
  /** Issue 14; absent in a row written before it (no lists set then). */
  lists?: SettingsState['lists'];
  flags: SettingsState['flags'];
}

/** The JSON a `branch_settings` row holds. */
export function settingsStateJson(s: SettingsState): string {
  const stored: StoredSettings = {
    calendars: s.calendars,
    publicYears: [...s.publicYears.entries()].sort((a, b) => a[0] - b[0]),
    rules: s.rules,
    lists: s.lists,
    flags: s.flags,
  };
  return JSON.stringify(stored);
}

/** A settings state back from its row's JSON. */
export function settingsStateFromJson(text: string): SettingsState {
  const s = JSON.parse(text) as StoredSettings;
  return {
    calendars: s.calendars,
    publicYears: new Map(s.publicYears),
    rules: s.rules,
    lists: s.lists ?? [],
    flags: s.flags,
  };
}

/**
 * Parsed states by branch and signature: the same object for the same
 * settings, so `settingsAt`'s memo (compiled calendars, per state object)
 * lasts across pushes. A branch's signature changes only when its settings do.
 */
const parsed = new Map<string, { signature: string; state: SettingsState }>();
const PARSED_LIMIT = 1000;

/**
 * The stored settings folds of `branches` (the defaults for a branch without
 * settings events), read now: a fold that reads them holds the branches'
 * settings locks shared (`settingsLockName`).
 */
export async function storedBranchSettings(
  tx: Kysely<ServerDB>,
  branches: readonly string[],
): Promise<Map<string, SettingsState>> {
  const out = new Map<string, SettingsState>();
  const wanted = [...new Set(branches)];
  for (const b of wanted) out.set(b, EMPTY_SETTINGS);
  if (wanted.length === 0) return out;
  const rows = await tx
    .selectFrom('branch_settings')
    .select(['branch', 'signature', 'state'])
    .where('branch', 'in', wanted)
    .execute();
  for (const r of rows) {
    const hit = parsed.get(r.branch);
    if (hit?.signature === r.signature) {
      out.set(r.branch, hit.state);
      continue;
    }
    const state = settingsStateFromJson(r.state);
    if (parsed.size >= PARSED_LIMIT) parsed.clear();
    parsed.set(r.branch, { signature: r.signature, state });
    out.set(r.branch, state);
  }
  return out;
}

/**
 * Folds a branch's settings again (stored events plus those of `fresh` that
 * belong to it) and rewrites its row when what they do changed. Returns
 * whether it changed; a branch without settings events has no row.
 */
async function refoldBranch(
  tx: Kysely<ServerDB>,
  branch: string,
  fresh: readonly EventEnvelope[],
  roles: (() => Promise<SettingsRoleOracle>) | undefined,
  now: number,
): Promise<boolean> {
  const mine = fresh.filter((e) => e.branch === branch && isSettingsEvent(e));
  const events = [...(await storedSettingsEvents(tx, branch)), ...mine];
  if (events.length === 0) return false;
  // The staff directory only for a branch that has settings events.
  const roleAt = roles ? await roles() : undefined;
  const state = foldSettings(events, roleAt ? { roleAt } : {});
  const signature = settingsSignature(state);
  const had = await tx
    .selectFrom('branch_settings')
    .select('signature')
    .where('branch', '=', branch)
    .executeTakeFirst();
  if (had?.signature === signature) return false;
  const row = { branch, state: settingsStateJson(state), signature, updated_at: now };
  await tx
    .insertInto('branch_settings')
    .values(row)
    .onConflict((oc) => oc.column('branch').doUpdateSet({ state: row.state, signature, updated_at: now }))
    .execute();
  return true;
}

async function refoldBranches(
  tx: Kysely<ServerDB>,
  branches: Iterable<string>,
  group: ProjectionGroup,
  authority: SettingsAuthority | undefined,
  now: number,
): Promise<string[]> {
  const changed: string[] = [];
  for (const branch of branches) {
    const roles = authority ? () => authority(tx, branch, group) : undefined;
    if (await refoldBranch(tx, branch, group.events, roles, now)) changed.push(branch);
  }
  return changed;
}

/**
 * The settings projector at head office. With `authority` (the branch's
 * staff directory) an event counts only if its actor was an administrator,
 * as on the desks; without it every event counts. `sharedLockNames` names
 * what the fold reads (the branch's staff lock).
 */
export function settingsProjector(
  authority?: SettingsAuthority,
  sharedLockNames?: (e: EventEnvelope) => string[],
): ServerProjector {
  return {
    kind: SETTINGS_STREAM,
    version: 1,
    // One stream id for every branch: two branches' pushes never wait for each other.
    streamLockName: (e) => settingsLockName(e.branch),
    ...(sharedLockNames ? { sharedLockNames } : {}),
    apply: async (tx, events, now, group) => {
      const branches = new Set(events.map((e) => e.branch));
      return { branches: await refoldBranches(tx, branches, group, authority, now) };
    },
    // The staff of `branches` changed: their settings events may count differently now.
    refresh: async (tx, branches, now, group) => {
      if (authority === undefined) return;
      return { branches: await refoldBranches(tx, branches, group, authority, now) };
    },
    clear: async (tx) => {
      await tx.deleteFrom('branch_settings').execute();
    },
    rebuild: async (tx, now) => {
      const rows = await tx
        .selectFrom('events')
        .select('branch')
        .distinct()
        .where('stream', '=', SETTINGS_STREAM_NAME)
        .execute();
      const empty: ProjectionGroup = { events: [] };
      return (
        await refoldBranches(
          tx,
          rows.map((r) => r.branch),
          empty,
          authority,
          now,
        )
      ).length;
    },
  };
}
