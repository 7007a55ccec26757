/**
 * The case library fold: a branch's library entries (案例库), standard answers
 * (应答口径) and prepared plans (预案), derived from its library events. Pure
 * and runtime-neutral: every desk and head office run it over the same events
 * and agree, whatever order they arrived in (fold order (hlc, device, id),
 * shared/domain/kernel/foldKey.ts).
 *
 * Authority is part of the fold, as for the branch settings (decision 0023):
 * an event counts only if its actor held `supervisor` or `admin` just before
 * it in fold order (the staff directory's `roleAt`; without an oracle every
 * event counts). Anything else is kept in the log without effect and listed
 * in `flags`, so a forged event from a counter's desk changes nothing.
 *
 * - `library.entry_written`, `library.answer_set`, `library.plan_set` create
 *   the item or replace it whole (the later in fold order wins); an id keeps
 *   its kind (an answer id reused for a plan is flagged `kind_mismatch`);
 * - `library.item_retired` retires an item for good: later writes to it are
 *   flagged `retired`; retiring an item not written before it in fold order is
 *   flagged `unknown_item`.
 */
import type { EventEnvelope } from '../kernel/envelope';
import { streamKind } from '../kernel/envelope';
import { compareEvents, foldKey } from '../kernel/foldKey';
import { SUPERVISING_ROLES, type Role } from '../kernel/roles';
import { LIBRARY_PAYLOADS, LIBRARY_STREAM, type LibraryEventType, type LibraryKind } from './payloads';

/** Who held which role just before fold key `key` (the staff directory's `roleAt`). */
export type LibraryRoleOracle = (actorId: string, key: string) => Role | null;

/** The four parts of a library entry besides its theme. */
export interface LibraryEntryParts {
  caseId: string | null;
  background: string;
  details: string;
  result: string;
  discussion: string;
}

export interface LibraryItem {
  id: string;
  kind: LibraryKind;
  category: string;
  /** An entry's theme, an answer's or plan's title. */
  title: string;
  /** An answer's or plan's text; '' for an entry. */
  text: string;
  /** An entry's parts; null for answers and plans. */
  entry: LibraryEntryParts | null;
  createdBy: string;
  createdHlc: string;
  /** The event that first wrote the item (the projection's row position follows its arrival). */
  firstEventId: string;
  updatedBy: string;
  updatedHlc: string;
  /** Fold key of the last counted event on the item. */
  lastKey: string;
  retired: { by: string; hlc: string } | null;
}

export type LibraryFlagReason = 'no_authority' | 'bad_payload' | 'kind_mismatch' | 'unknown_item' | 'retired';

/** A library event kept in the log without effect. */
export interface LibraryFlag {
  eventId: string;
  type: string;
  actor: string;
  device: string;
  hlc: string;
  reason: LibraryFlagReason;
}

export interface LibraryState {
  /** Item id -> item, in the order the items were first written (fold order). */
  readonly items: ReadonlyMap<string, LibraryItem>;
  /** In fold order. */
  readonly flags: readonly LibraryFlag[];
}

export function isLibraryEvent(e: Pick<EventEnvelope, 'stream'>): boolean {
  return streamKind(e.stream) === LIBRARY_STREAM;
}

function isLibraryType(type: string): type is LibraryEventType {
  return Object.prototype.hasOwnProperty.call(LIBRARY_PAYLOADS, type);
}

/** May this role write the library? Supervisors and administrators. */
export function canWriteLibrary(role: Role | null | undefined): boolean {
  return role !== null && role !== undefined && SUPERVISING_ROLES.includes(role);
}

interface Written {
  id: string;
  kind: LibraryKind;
  category: string;
  title: string;
  text: string;
  entry: LibraryEntryParts | null;
}

/** What a write event says, or null when its payload does not match. */
function written(e: EventEnvelope & { type: LibraryEventType }): Written | null {
  switch (e.type) {
    case 'library.entry_written': {
      const p = LIBRARY_PAYLOADS[e.type].safeParse(e.payload);
      if (!p.success) return null;
      const { entryId, caseId, theme, background, details, result, discussion, category } = p.data;
      return {
        id: entryId,
        kind: 'entry',
        category,
        title: theme,
        text: '',
        entry: { caseId, background, details, result, discussion },
      };
    }
    case 'library.answer_set': {
      const p = LIBRARY_PAYLOADS[e.type].safeParse(e.payload);
      if (!p.success) return null;
      return {
        id: p.data.answerId,
        kind: 'answer',
        category: p.data.category,
        title: p.data.title,
        text: p.data.text,
        entry: null,
      };
    }
    case 'library.plan_set': {
      const p = LIBRARY_PAYLOADS[e.type].safeParse(e.payload);
      if (!p.success) return null;
      return {
        id: p.data.planId,
        kind: 'plan',
        category: p.data.category,
        title: p.data.title,
        text: p.data.text,
        entry: null,
      };
    }
    default:
      return null;
  }
}

/** Folds a branch's library events (any order; events of other streams are ignored). */
export function foldLibrary(
  events: readonly EventEnvelope[],
  opts: { roleAt?: LibraryRoleOracle } = {},
): LibraryState {
  const sorted = events.filter(isLibraryEvent).sort(compareEvents);
  const items = new Map<string, LibraryItem>();
  const flags: LibraryFlag[] = [];
  const seen = new Set<string>();

  for (const e of sorted) {
    if (!isLibraryType(e.type)) continue; // a newer version's type: stored raw, folded after an upgrade
    if (seen.has(e.id)) continue; // the same event twice (fold order puts copies together)
    seen.add(e.id);
    const flag = (reason: LibraryFlagReason) =>
      flags.push({ eventId: e.id, type: e.type, actor: e.actor, device: e.device, hlc: e.hlc, reason });
    const key = foldKey(e);
    if (opts.roleAt && !canWriteLibrary(opts.roleAt(e.actor, key))) {
      flag('no_authority');
      continue;
    }
    const typed = e as EventEnvelope & { type: LibraryEventType };
    if (typed.type === 'library.item_retired') {
      const p = LIBRARY_PAYLOADS['library.item_retired'].safeParse(e.payload);
      if (!p.success) {
        flag('bad_payload');
        continue;
      }
      const item = items.get(p.data.itemId);
      if (!item) flag('unknown_item');
      else if (item.retired) flag('retired');
      else items.set(item.id, { ...item, retired: { by: e.actor, hlc: e.hlc }, lastKey: key });
      continue;
    }
    const w = written(typed);
    if (w === null) {
      flag('bad_payload');
      continue;
    }
    const before = items.get(w.id);
    if (before && before.kind !== w.kind) {
      flag('kind_mismatch');
      continue;
    }
    if (before?.retired) {
      flag('retired');
      continue;
    }
    items.set(w.id, {
      ...w,
      createdBy: before?.createdBy ?? e.actor,
      createdHlc: before?.createdHlc ?? e.hlc,
      firstEventId: before?.firstEventId ?? e.id,
      updatedBy: e.actor,
      updatedHlc: e.hlc,
      lastKey: key,
      retired: null,
    });
  }
  return { items, flags };
}

/** The library of a branch nobody has written anything for. */
export const EMPTY_LIBRARY: LibraryState = foldLibrary([]);

/** What a library state holds, as one comparable value (equal => same library). */
export function librarySignature(s: LibraryState): string {
  return JSON.stringify({
    items: [...s.items.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    flags: s.flags,
  });
}
