import type { Migration } from './types';

/**
 * The cases whose fold asked the role oracle (a restricted act, docs/roles.md):
 * the ones to fold again when the staff directory changes. Filled by the case
 * projector; the projection is rebuilt at the next open (the case projection's
 * version went up), so the table starts empty here.
 */
export const m0005_case_judged: Migration = {
  version: 5,
  name: 'case_judged',
  up(db) {
    db.exec(`CREATE TABLE case_judged (case_pos INTEGER PRIMARY KEY) STRICT;`);
  },
};
