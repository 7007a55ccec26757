/**
 * Every server migration, in order. Add new ones at the end with the next
 * version; never edit or reorder released ones.
 */
import { m0001_initial } from './0001_initial';
import { m0002_previous_token } from './0002_previous_token';
import { m0003_events_waiting } from './0003_events_waiting';
import { m0004_enrolment_and_attachment_scope } from './0004_enrolment_and_attachment_scope';
import { m0005_branch_keys } from './0005_branch_keys';
import { m0006_case_judged } from './0006_case_judged';
import { m0007_branch_settings } from './0007_branch_settings';
import { m0008_case_deadlines } from './0008_case_deadlines';
import { m0009_orders } from './0009_orders';
import { m0010_case_judgment } from './0010_case_judgment';
import { m0011_repeats } from './0011_repeats';
import { m0012_audit_chain } from './0012_audit_chain';
import { m0013_repeat_same_category } from './0013_repeat_same_category';
import { m0014_rectification } from './0014_rectification';
import { m0015_case_facts } from './0015_case_facts';
import { m0016_volume } from './0016_volume';
import { m0017_order_facts } from './0017_order_facts';
import { m0018_enrolment_request } from './0018_enrolment_request';
import type { ServerMigration } from './types';

export type { ServerMigration } from './types';

export const SERVER_MIGRATIONS: readonly ServerMigration[] = [
  m0001_initial,
  m0002_previous_token,
  m0003_events_waiting,
  m0004_enrolment_and_attachment_scope,
  m0005_branch_keys,
  m0006_case_judged,
  m0007_branch_settings,
  m0008_case_deadlines,
  m0009_orders,
  m0010_case_judgment,
  m0011_repeats,
  m0012_audit_chain,
  m0013_repeat_same_category,
  m0014_rectification, // issue 14 item 7
  m0015_case_facts,
  m0016_volume,
  m0017_order_facts,
  m0018_enrolment_request,
];

/** Throws when versions are not 1, 2, 3 … in order. */
export function assertMigrationOrder(list: readonly ServerMigration[]): void {
  list.forEach((m, i) => {
    if (!Number.isInteger(m.version) || m.version !== i + 1) {
      throw new Error(
        `server migration #${i} "${m.name}" has version ${m.version}; expected ${i + 1} (versions start at 1 and go up by one)`,
      );
    }
  });
}

export function latestVersion(list: readonly ServerMigration[] = SERVER_MIGRATIONS): number {
  return list.length === 0 ? 0 : (list[list.length - 1]?.version ?? 0);
}
