/**
 * The rectification fold (issue 14 item 7; docs/rectification.md): one item
 * per `rect:<uuid>` stream, derived from its events. Pure and runtime-neutral:
 * every desk and head office run it over the same events and agree, whatever
 * order they arrived in (fold order (hlc, device, id)).
 *
 * Authority is part of the fold, judged with the staff directory's role at
 * each event's fold key (without an oracle every act counts):
 * - `rect.opened`: a supervisor or an admin; the first valid one opens the
 *   item wherever it sorts (a skewed clock may stamp later events smaller);
 *   from anyone else it opens nothing; a second opening is flagged;
 * - `rect.progressed`: the item's owner or a supervising role;
 * - `rect.completed`: a supervising role, on an open item;
 * - `rect.reopened`: a supervising role, on a completed item.
 * Anything else is kept in the log without effect and listed in `flags`, so
 * a forged event from a counter's desk changes nothing.
 */
import type { EventEnvelope } from '../kernel/envelope';
import { streamId, streamKind } from '../kernel/envelope';
import { compareEvents, foldKey } from '../kernel/foldKey';
import { isFoldableWith, parsePayloadWith } from '../kernel/payloads';
import { SUPERVISING_ROLES, type Role } from '../kernel/roles';
import { canonicalInstant } from '../kernel/time';
import {
  RECT_PAYLOADS,
  RECT_STREAM,
  type RectEventType,
  type RectPayloadOf,
  type RectScope,
} from './payloads';

/** Who held which role just before fold key `key` (the staff directory's `roleAt`). */
export type RectRoleOracle = (actorId: string, key: string) => Role | null;

export type RectStatus = 'open' | 'done';

export interface RectNote {
  by: string;
  eventId: string;
  hlc: string;
  text: string;
}

export type RectFlagReason = 'no_authority' | 'bad_payload' | 'not_open' | 'not_done' | 'opened_twice';

export interface RectFlag {
  eventId: string;
  type: string;
  actor: string;
  reason: RectFlagReason;
}

export interface RectItem {
  id: string;
  scope: RectScope;
  defect: string;
  measure: string;
  owner: string;
  /** ISO instant. */
  dueAt: string;
  openedBy: string;
  openedHlc: string;
  /** The opening event (the projection's row position follows its arrival). */
  openEventId: string;
  status: RectStatus;
  /** Progress notes in fold order. */
  progress: RectNote[];
  /** Every completion in fold order, with its evidence (the last one is in force while done). */
  completions: RectNote[];
  /** Every reopening in fold order, with its reason. */
  reopens: RectNote[];
  /** Events without effect, in fold order. */
  flags: RectFlag[];
  /** HLC of the last event with effect. */
  updatedHlc: string;
}

export function isRectEvent(e: Pick<EventEnvelope, 'stream'>): boolean {
  return streamKind(e.stream) === RECT_STREAM;
}

function isRectType(type: string): type is RectEventType {
  return Object.prototype.hasOwnProperty.call(RECT_PAYLOADS, type);
}

/** May this role open, complete or reopen an item? Supervisors and administrators. */
export function canSuperviseRect(role: Role | null | undefined): boolean {
  return role !== null && role !== undefined && SUPERVISING_ROLES.includes(role);
}

function parse<T extends RectEventType>(type: T, payload: unknown): RectPayloadOf<T> | null {
  const p = parsePayloadWith(type, RECT_PAYLOADS[type], payload);
  return p.success ? (p.data as RectPayloadOf<T>) : null;
}

/** Folds the events of ONE rectification stream (any order); null until a valid opening counts. */
export function foldRectItem(
  events: readonly EventEnvelope[],
  opts: { roleAt?: RectRoleOracle } = {},
): RectItem | null {
  const seen = new Set<string>();
  const sorted = events
    .filter((e) => isRectEvent(e) && isFoldableWith(e, isRectType))
    .sort(compareEvents)
    .filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
  const role = (e: EventEnvelope) => (opts.roleAt ? opts.roleAt(e.actor, foldKey(e)) : undefined);
  const supervising = (e: EventEnvelope) => opts.roleAt === undefined || canSuperviseRect(role(e));

  let item: RectItem | null = null;
  let opener: EventEnvelope | undefined;
  for (const e of sorted) {
    if (e.type !== 'rect.opened' || !supervising(e)) continue;
    const p = parse('rect.opened', e.payload);
    if (p === null) continue;
    opener = e;
    item = {
      id: streamId(e.stream),
      scope: { dim: p.scope.dim, value: p.scope.value },
      defect: p.defect,
      measure: p.measure,
      owner: p.owner,
      // One spelling of the instant (UTC), as the desk writes it: lists order by it, another desk may send an offset.
      dueAt: canonicalInstant(p.dueAt),
      openedBy: e.actor,
      openedHlc: e.hlc,
      openEventId: e.id,
      status: 'open',
      progress: [],
      completions: [],
      reopens: [],
      flags: [],
      updatedHlc: e.hlc,
    };
    break;
  }
  if (item === null) return null;

  for (const e of sorted) {
    if (e === opener || e.stream !== opener?.stream) continue;
    const it: RectItem = item;
    const flag = (reason: RectFlagReason) =>
      it.flags.push({ eventId: e.id, type: e.type, actor: e.actor, reason });
    const note = (text: string): RectNote => ({ by: e.actor, eventId: e.id, hlc: e.hlc, text });
    const type = e.type as RectEventType;
    if (type === 'rect.opened') {
      flag(supervising(e) ? 'opened_twice' : 'no_authority');
      continue;
    }
    if (type === 'rect.progressed') {
      if (e.actor !== it.owner && !supervising(e)) flag('no_authority');
      else {
        const p = parse(type, e.payload);
        if (p === null) flag('bad_payload');
        else {
          it.progress.push(note(p.note));
          it.updatedHlc = e.hlc;
        }
      }
      continue;
    }
    if (!supervising(e)) {
      flag('no_authority');
      continue;
    }
    if (type === 'rect.completed') {
      const p = parse(type, e.payload);
      if (p === null) flag('bad_payload');
      else if (it.status !== 'open') flag('not_open');
      else {
        it.completions.push(note(p.evidence));
        it.status = 'done';
        it.updatedHlc = e.hlc;
      }
    } else {
      const p = parse('rect.reopened', e.payload);
      if (p === null) flag('bad_payload');
      else if (it.status !== 'done') flag('not_done');
      else {
        it.reopens.push(note(p.reason));
        it.status = 'open';
        it.updatedHlc = e.hlc;
      }
    }
  }
  return item;
}

/** Folds every rectification stream among `events`: item id -> item (items never opened are left out). */
export function foldRectItems(
  events: readonly EventEnvelope[],
  opts: { roleAt?: RectRoleOracle } = {},
): Map<string, RectItem> {
  const byStream = new Map<string, EventEnvelope[]>();
  for (const e of events) {
    if (!isRectEvent(e)) continue;
    const list = byStream.get(e.stream);
    if (list) list.push(e);
    else byStream.set(e.stream, [e]);
  }
  const out = new Map<string, RectItem>();
  for (const list of byStream.values()) {
    const item = foldRectItem(list, opts);
    if (item) out.set(item.id, item);
  }
  return out;
}

/** Open and past its due instant at `nowMs`: overdue. Done items are never overdue. */
export function rectState(
  item: Pick<RectItem, 'status' | 'dueAt'>,
  nowMs: number,
): 'open' | 'overdue' | 'done' {
  if (item.status === 'done') return 'done';
  return Date.parse(item.dueAt) < nowMs ? 'overdue' : 'open';
}
