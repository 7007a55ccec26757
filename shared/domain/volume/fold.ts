/**
 * The business-volume fold (issue 14 item 2; decision 0039): a branch's
 * recorded volumes, one figure per (month, unit), derived from its volume
 * events. Pure and runtime-neutral: every desk and head office run it over
 * the same events and agree, whatever order they arrived in.
 *
 * - The latest `volume.recorded` per (period, unit) in fold order (HLC,
 *   device, id) wins; a `null` value takes the figure back.
 * - Authority is part of the fold, as for the library (decision 0028): an
 *   event counts only if its actor held `supervisor` or `admin` just before
 *   it in fold order (the staff directory's `roleAt`; without an oracle every
 *   event counts). Anything else stays in the log without effect and is
 *   listed in `flags`, so a forged event from a counter's desk changes nothing.
 */
import type { EventEnvelope } from '../kernel/envelope';
import { streamKind } from '../kernel/envelope';
import { compareEvents, foldKey } from '../kernel/foldKey';
import { SUPERVISING_ROLES, type Role } from '../kernel/roles';
import { VOLUME_PAYLOADS, VOLUME_STREAM, type VolumeUnit } from './payloads';

/** Who held which role just before fold key `key` (the staff directory's `roleAt`). */
export type VolumeRoleOracle = (actorId: string, key: string) => Role | null;

/** One month's figure in one unit, as last recorded. */
export interface VolumeFigure {
  period: string;
  unit: VolumeUnit;
  value: number;
  /** The event that recorded it, who and when. */
  eventId: string;
  actor: string;
  hlc: string;
}

export type VolumeFlagReason = 'no_authority' | 'bad_payload';

/** A volume event kept in the log without effect. */
export interface VolumeFlag {
  eventId: string;
  actor: string;
  hlc: string;
  reason: VolumeFlagReason;
}

export interface VolumeState {
  /** `period|unit` -> figure; sorted by period, then unit order, by `volumeFigures`. */
  readonly figures: ReadonlyMap<string, VolumeFigure>;
  readonly flags: readonly VolumeFlag[];
}

export function isVolumeEvent(e: Pick<EventEnvelope, 'stream'>): boolean {
  return streamKind(e.stream) === VOLUME_STREAM;
}

/** May this role record business volume? Supervisors and administrators. */
export function canRecordVolume(role: Role | null | undefined): boolean {
  return role !== null && role !== undefined && SUPERVISING_ROLES.includes(role);
}

export const figureKey = (period: string, unit: string): string => `${period}|${unit}`;

/** Folds a branch's volume events (any order; events of other streams are ignored). */
export function foldVolume(
  events: readonly EventEnvelope[],
  opts: { roleAt?: VolumeRoleOracle } = {},
): VolumeState {
  const sorted = events.filter(isVolumeEvent).sort(compareEvents);
  const figures = new Map<string, VolumeFigure>();
  const flags: VolumeFlag[] = [];
  const seen = new Set<string>();
  for (const e of sorted) {
    if (e.type !== 'volume.recorded') continue; // a newer version's type: folded after an upgrade
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    const flag = (reason: VolumeFlagReason) =>
      flags.push({ eventId: e.id, actor: e.actor, hlc: e.hlc, reason });
    if (opts.roleAt && !canRecordVolume(opts.roleAt(e.actor, foldKey(e)))) {
      flag('no_authority');
      continue;
    }
    const p = VOLUME_PAYLOADS['volume.recorded'].safeParse(e.payload);
    if (!p.success) {
      flag('bad_payload');
      continue;
    }
    const key = figureKey(p.data.period, p.data.unit);
    if (p.data.value === null) figures.delete(key);
    else
      figures.set(key, {
        period: p.data.period,
        unit: p.data.unit,
        value: p.data.value,
        eventId: e.id,
        actor: e.actor,
        hlc: e.hlc,
      });
  }
  return { figures, flags };
}
