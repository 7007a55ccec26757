import { sql } from 'kysely';
import { columnTypes, type ServerMigration } from './types';

/**
 * Issue 14 item 2 (docs/analysis.md "per business volume", decision 0039):
 * every branch's business volume per (month, unit), as the volume fold
 * (shared/domain/volume/fold.ts) gives it with the branch's staff directory,
 * so head office totals the volume of one branch or all of them for the
 * per-volume figure. Filled by the volume projector (server/store/volume.ts);
 * the projections are rebuilt at start-up (a new projector changes the fold
 * signature), so the table starts empty here. Index (period) for the
 * all-branches total.
 */
export const m0016_volume: ServerMigration = {
  version: 16,
  name: 'volume',
  async up(db, engine) {
    const t = columnTypes(engine);
    const real = engine === 'postgres' ? 'DOUBLE PRECISION' : 'REAL';
    await sql
      .raw(
        `CREATE TABLE branch_volume (
          branch ${t.key} NOT NULL,
          period ${t.key} NOT NULL,
          unit ${t.key} NOT NULL,
          value ${real} NOT NULL,
          event_id ${t.text} NOT NULL,
          actor ${t.text} NOT NULL,
          hlc ${t.text} NOT NULL,
          PRIMARY KEY (branch, period, unit)
        )${t.strict}`,
      )
      .execute(db);
    await sql.raw('CREATE INDEX branch_volume_period ON branch_volume (period)').execute(db);
  },
};
