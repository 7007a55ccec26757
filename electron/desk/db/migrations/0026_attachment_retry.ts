import type { Migration } from './types';

/**
 * A file head office refuses (too large, the branch's evidence space full)
 * stays queued, but was sent again whole with every run, every 30 seconds,
 * and the sync status never said so. `next_try_ms` holds it back after each
 * refusal, longer each time (sync/attachmentQueue.ts); null is "now", so the
 * files already queued are tried at once.
 */
export const m0026_attachment_retry: Migration = {
  version: 26,
  name: 'attachment_retry',
  up(db) {
    db.exec('ALTER TABLE attachment_queue ADD COLUMN next_try_ms INTEGER');
  },
};
