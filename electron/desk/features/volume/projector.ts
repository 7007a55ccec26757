/**
 * The business-volume projection (issue 14 item 2; desk migration 0022): one
 * `volume_figures` row per (month, unit) of the branch, as the volume fold
 * (shared/domain/volume/fold.ts) gives it.
 *
 * A branch records a few figures a month, so, as the settings and library
 * projectors do, each batch that holds volume events folds the whole stream
 * again and writes only the rows that differ. Authority is judged with the
 * staff directory's role at each event's fold key, so the projector also
 * refreshes after a batch that changed the staff book (`dependsOn('volume',
 * 'staff')`): a promotion or demotion synced late re-judges the figures.
 * Rows depend only on the events, never the clock or arrival order.
 */
import type Database from 'better-sqlite3';
import { figureKey, foldVolume, type VolumeRoleOracle } from '../../../../shared/domain/volume/fold';
import { VOLUME_STREAM, VOLUME_STREAM_ID } from '../../../../shared/domain/volume/payloads';
import type { ProjectionContext, Projector } from '../../kernel/projectors';
import { setVolumeBook } from './book';

/** Bump when the rows change for the same events. */
export const VOLUME_PROJECTION_VERSION = 1;

interface Row {
  period: string;
  unit: string;
  value: number;
  event_id: string;
  actor: string;
  hlc: string;
}

/** Without `roleAt` every volume event counts (tools and tests without a staff book). */
export function volumeProjector(ctx: ProjectionContext, roleAt?: VolumeRoleOracle): Projector {
  const s = ctx.d.sqlite;
  const st = {
    all: s.prepare(
      'SELECT period, unit, value, event_id, actor, hlc FROM volume_figures',
    ) as Database.Statement<[], Row>,
    upsert: s.prepare(
      `INSERT INTO volume_figures (period, unit, value, event_id, actor, hlc)
       VALUES (@period, @unit, @value, @event_id, @actor, @hlc)
       ON CONFLICT (period, unit) DO UPDATE SET
         value = excluded.value, event_id = excluded.event_id, actor = excluded.actor, hlc = excluded.hlc`,
    ),
    delete: s.prepare('DELETE FROM volume_figures WHERE period = ? AND unit = ?'),
  };

  /** Folds the stream up to `maxSeq` and writes the rows that differ; true when any did. */
  function refold(maxSeq?: number): boolean {
    const state = foldVolume(
      ctx.readKind(VOLUME_STREAM, maxSeq).map((r) => r.event),
      roleAt ? { roleAt } : {},
    );
    setVolumeBook(ctx.d, state);
    let changed = false;
    const have = new Map(st.all.all().map((r) => [figureKey(r.period, r.unit), r]));
    for (const [key, old] of have) {
      if (!state.figures.has(key)) {
        st.delete.run(old.period, old.unit);
        changed = true;
      }
    }
    for (const [key, f] of state.figures) {
      const old = have.get(key);
      if (old && old.value === f.value && old.event_id === f.eventId) continue;
      st.upsert.run({
        period: f.period,
        unit: f.unit,
        value: f.value,
        event_id: f.eventId,
        actor: f.actor,
        hlc: f.hlc,
      });
      changed = true;
    }
    return changed;
  }

  return {
    kind: VOLUME_STREAM,
    version: VOLUME_PROJECTION_VERSION,
    clear: () => {
      s.exec('DELETE FROM volume_figures');
      setVolumeBook(ctx.d, foldVolume([]));
    },
    reload: () => {
      refold();
    },
    begin() {
      let maxSeq = 0;
      return {
        apply: (_e, seq) => {
          if (seq > maxSeq) maxSeq = seq;
        },
        flush: () => {
          if (maxSeq === 0) return [];
          const changed = refold(maxSeq);
          maxSeq = 0;
          return changed ? [VOLUME_STREAM_ID] : [];
        },
      };
    },
    announce: () => ({ type: 'volume.changed' }),
    refresh: (upToSeq) => (refold(upToSeq) ? [VOLUME_STREAM_ID] : []),
  };
}
