/**
 * Reading the branch's business volume (desk migration 0022): the list the
 * screen shows, and the total of an analysis period for the analysis's
 * per-volume figure (shared/domain/volume/total.ts has the definition).
 */
import type { VolumeList } from '../../../../shared/contract/methods/volume';
import { isoOfHlc } from '../../../../shared/domain/kernel/time';
import { VOLUME_UNITS, type VolumeUnit } from '../../../../shared/domain/volume/payloads';
import { monthsOf } from '../../../../shared/domain/kernel/time';
import { volumeTotal, type VolumeSum } from '../../../../shared/domain/volume/total';
import type { DeskDatabase } from '../../db/open';
import type { Desk } from '../../kernel/desk';

const unitRank = (u: string) => (VOLUME_UNITS as readonly string[]).indexOf(u);

/** Every recorded figure, newest month first, then in unit order. */
export function volumeList(desk: Desk, flags: number): VolumeList {
  const rows = desk.d.all(desk.d.db.selectFrom('volume_figures').selectAll().orderBy('period', 'desc'));
  rows.sort((a, b) =>
    a.period === b.period ? unitRank(a.unit) - unitRank(b.unit) : a.period < b.period ? 1 : -1,
  );
  return {
    figures: rows.map((r) => ({
      period: r.period,
      unit: r.unit as VolumeUnit,
      value: r.value,
      recordedBy: { staffId: r.actor, name: desk.directory.staffById(r.actor)?.name ?? null },
      at: isoOfHlc(r.hlc),
    })),
    units: [...VOLUME_UNITS],
    flags,
  };
}

/**
 * The branch's volume of [fromDay, toDay): the volume source of the desk's
 * analysis (`AnalysisSources.volume`); the desk holds one branch, so `where`
 * only narrows nothing but the cases.
 */
export function deskVolumeTotal(
  d: DeskDatabase,
  period: { fromDay: string; toDay: string },
): VolumeSum | null {
  const months = monthsOf(period.fromDay, period.toDay);
  if (months.length === 0) return null;
  const rows = d.all(
    d.db.selectFrom('volume_figures').select(['period', 'unit', 'value']).where('period', 'in', months),
  );
  return volumeTotal(
    rows.map((r) => ({ branch: '', ...r })),
    period,
  );
}
