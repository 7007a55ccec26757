import type { Migration } from './types';

/**
 * Issue 12: first-contact resolution is counted in the case list (its
 * 一次解决 filter, `fcr` of `case.list`; docs/first-contact-resolution.md).
 * `cases.fcr` (migration 0015) is null while a case is open, so a partial
 * index on (fcr, pos) over the closed cases serves both answers in list order,
 * like `cases_nature`.
 *
 * No projection change: the column is already filled.
 */
export const m0019_cases_fcr: Migration = {
  version: 19,
  name: 'cases_fcr',
  up(db) {
    db.exec(`
      CREATE INDEX cases_fcr ON cases (fcr, pos) WHERE fcr IS NOT NULL;
    `);
  },
};
