import { installOutboxTrigger } from '../outboxTrigger';
import type { Migration } from './types';

/**
 * The outbox trigger names this desk's device id as a literal instead of
 * reading it from `meta` for every stored event (db/outboxTrigger.ts).
 * Desks not set up yet get no trigger until setup installs it.
 */
export const m0003_outbox_trigger: Migration = {
  version: 3,
  name: 'outbox trigger with the device id',
  up(db) {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'device.id'").get() as
      { value: string } | undefined;
    installOutboxTrigger(db, row?.value ?? null);
  },
};
