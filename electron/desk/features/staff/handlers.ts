/**
 * The staff feature's DeskApi handlers: sign-in (auth.ts) and staff
 * administration (admin.ts), one table that must cover every method of
 * shared/contract/methods/staff.ts.
 */
import type { staffMethods } from '../../../../shared/contract/methods/staff';
import type { HandlersFor } from '../../kernel/handler';
import { adminHandlers } from './admin';
import { authHandlers } from './auth';

export const staffHandlers: HandlersFor<typeof staffMethods> = { ...authHandlers, ...adminHandlers };
