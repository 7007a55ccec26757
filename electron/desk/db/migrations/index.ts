/**
 * Every migration, in order. Add new ones at the end with the next version;
 * never edit or reorder released ones (test/unit/migrations.test.ts checks).
 */
import { m0001_initial } from './0001_initial';
import { m0002_sync } from './0002_sync';
import { m0003_outbox_trigger } from './0003_outbox_trigger';
import { m0004_staff_authority } from './0004_staff_authority';
import { m0005_case_judged } from './0005_case_judged';
import { m0006_case_work } from './0006_case_work';
import { m0007_drafts } from './0007_drafts';
import { m0008_orders } from './0008_orders';
import { m0009_order_board_indexes } from './0009_order_board_indexes';
import { m0010_order_search } from './0010_order_search';
import { m0011_order_follow_up_owner } from './0011_order_follow_up_owner';
import { m0012_library } from './0012_library';
import { m0013_order_case_links } from './0013_order_case_links';
import { m0014_attachment_files } from './0014_attachment_files';
import { m0015_customers } from './0015_customers';
import { m0016_case_judgment } from './0016_case_judgment';
import { m0017_audit_chain } from './0017_audit_chain';
import { m0018_repeat_same_category } from './0018_repeat_same_category';
import { m0019_cases_fcr } from './0019_cases_fcr';
import { m0020_case_facts } from './0020_case_facts';
import { m0021_rectification } from './0021_rectification';
import { m0022_volume } from './0022_volume';
import { m0023_facts_rollup } from './0023_facts_rollup';
import { m0024_order_facts } from './0024_order_facts';
import { m0025_alert_audiences } from './0025_alert_audiences';
import { m0026_attachment_retry } from './0026_attachment_retry';
import type { Migration } from './types';

export type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [
  m0001_initial,
  m0002_sync,
  m0003_outbox_trigger,
  m0004_staff_authority,
  m0005_case_judged,
  m0006_case_work,
  m0007_drafts,
  m0008_orders,
  m0009_order_board_indexes,
  m0010_order_search,
  m0011_order_follow_up_owner,
  m0012_library,
  m0013_order_case_links,
  m0014_attachment_files,
  m0015_customers,
  m0016_case_judgment,
  m0017_audit_chain,
  m0018_repeat_same_category,
  m0019_cases_fcr,
  m0020_case_facts,
  m0021_rectification, // issue 14 item 7
  m0022_volume,
  m0023_facts_rollup,
  m0024_order_facts,
  m0025_alert_audiences,
  m0026_attachment_retry, // a refused file waits longer each time
];

/** Throws when versions are not 1, 2, 3 … in order (each one more than the last). */
export function assertMigrationOrder(list: readonly Migration[]): void {
  list.forEach((m, i) => {
    if (!Number.isInteger(m.version) || m.version !== i + 1) {
      throw new Error(
        `migration #${i} "${m.name}" has version ${m.version}; expected ${i + 1} (versions start at 1 and only go up by one)`,
      );
    }
  });
}

/** The schema version of the newest migration this build knows. */
export function latestVersion(list: readonly Migration[] = MIGRATIONS): number {
  return list.length === 0 ? 0 : (list[list.length - 1]?.version ?? 0);
}
