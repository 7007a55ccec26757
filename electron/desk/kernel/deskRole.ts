/**
 * The role head office enrolled this desk with (shared/contract/sync.ts
 * DeviceRole), as the sync engine keeps it in `meta` (electron/desk/sync/
 * store.ts SYNC_META.role is this key). Head office refuses every library and
 * settings event a `counter` desk pushes (server/store/libraryRules.ts,
 * settingsRules.ts), whoever signed it: written on such a desk, it would stay
 * here and never reach the branch's other desks. So the desk core refuses
 * those writes up front, saying why and where to write instead (issue 12
 * review #4). A desk not enrolled (yet) writes: its role is decided when it
 * enrols.
 */
import { err, type Err } from '../../../shared/contract/result';
import type { HandlerContext } from './handler';
import { msg } from './messages';

/** The meta key of the enrolled role. */
export const ENROLLED_ROLE_KEY = 'sync.role';

/**
 * What head office accepts only from a supervisor desk: library and settings
 * events, a quality complaint's responsibility decision
 * (server/store/orderRules.ts), every staff change but a clerk's own secret
 * (server/store/staffRules.ts: staff created here would sign what no other
 * desk counts), and an administrator's or supervisor's change of their own secret
 * (server/store/staffRules.ts: a counter desk names the actor itself, so a
 * tampered one could otherwise set any administrator's PIN).
 */
export type SupervisorDeskWrite = 'library' | 'settings' | 'elevatedSecret' | 'responsibility' | 'staff';

const REFUSAL_KEY = {
  library: 'counterDeskLibrary',
  settings: 'counterDeskSettings',
  elevatedSecret: 'counterDeskElevatedSecret',
  responsibility: 'counterDeskResponsibility',
  staff: 'counterDeskStaff',
} as const;

/** True when this desk is enrolled as a counter desk. */
export function enrolledAsCounter(meta: { get(key: string): string | null }): boolean {
  return meta.get(ENROLLED_ROLE_KEY) === 'counter';
}

/** A refusal (forbidden) when this desk is enrolled as a counter desk; null when it may write. */
export function counterDeskRefusal(ctx: HandlerContext, what: SupervisorDeskWrite): Err | null {
  if (!enrolledAsCounter(ctx.desk.meta)) return null;
  return err('forbidden', msg(ctx.locale, REFUSAL_KEY[what]));
}
