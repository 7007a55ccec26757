/**
 * The one entry for every DeskApi method: look the method up, check setup and
 * the session/role, refuse unclean text in the input (cleanText.ts), parse the
 * input with the contract's strict schema, run the handler. Never throws:
 * anything unexpected becomes 'internal' (logged).
 */
import { isMethodName, METHODS, type CallContext, type MethodName } from '../../../shared/contract/api';
import { err, type Result } from '../../../shared/contract/result';
import type { Desk } from './desk';
import { uncleanTextError } from './cleanText';
import type { StaffRecord } from './directory';
import type { DeskServices, HandlerContext, HandlerTable } from './handler';
import { errorMessage, msg, resolveLocale, roleName } from './messages';
import { DeskBusyError } from './writeHold';
import { NumbersHeldError } from './meta';
import { issuesToFields } from './validation';

type AnyHandler = (input: unknown, ctx: HandlerContext) => Result<unknown> | Promise<Result<unknown>>;

export type Dispatch = (
  desk: Desk,
  method: unknown,
  input: unknown,
  cc: CallContext | undefined,
  services?: DeskServices,
) => Promise<Result<unknown>>;

/** True for methods that work before first-run setup (the method table says so). */
function worksBeforeSetup(method: MethodName): boolean {
  const spec = METHODS[method];
  return 'beforeSetup' in spec && spec.beforeSetup;
}

/** The dispatcher over a handler table composed from the features' own (electron/desk/index.ts). */
export function createDispatcher(handlers: HandlerTable): Dispatch {
  return (desk, method, input, cc, services = { sync: null }) =>
    dispatch(handlers, desk, method, input, cc, services);
}

async function dispatch(
  handlers: HandlerTable,
  desk: Desk,
  method: unknown,
  input: unknown,
  cc: CallContext | undefined,
  services: DeskServices,
): Promise<Result<unknown>> {
  const locale = resolveLocale(cc?.locale);
  try {
    if (typeof method !== 'string' || !isMethodName(method)) {
      const shown = typeof method === 'string' ? method.slice(0, 64) : typeof method;
      return err('unknown_method', errorMessage(locale, 'unknown_method', { method: shown }));
    }
    const spec = METHODS[method];
    if (!worksBeforeSetup(method) && desk.identity() === null) {
      return err('not_initialized', errorMessage(locale, 'not_initialized'));
    }

    const token = typeof cc?.session === 'string' && cc.session !== '' ? cc.session : null;
    let staff: StaffRecord | null = null;
    if (spec.auth !== 'none') {
      // A poll or a refresh after a desk event (cc.background) is not use: the idle limit still runs.
      const s = token ? desk.sessions.use(token, cc?.background !== true) : null;
      if (s === 'expired') return err('unauthenticated', msg(locale, 'sessionExpired'));
      if (s === 'disabled') return err('unauthenticated', msg(locale, 'accountDisabled'));
      if (s === null) return err('unauthenticated', errorMessage(locale, 'unauthenticated'));
      staff = desk.directory.staffById(s.staffId) ?? null;
      if (!staff) return err('unauthenticated', errorMessage(locale, 'unauthenticated'));
      if (!staff.enabled) {
        // Disabled here or on another desk (the event may have just arrived by sync): the session ends.
        desk.sessions.revokeStaff(staff.id, 'disabled');
        return err('unauthenticated', msg(locale, 'accountDisabled'));
      }
      const allowed = spec.auth;
      if (allowed !== 'any' && !(allowed as readonly string[]).includes(staff.role)) {
        return err('forbidden', msg(locale, 'forbiddenRole', { role: roleName(locale, staff.role) }));
      }
    }

    // Control characters and unpaired surrogates anywhere in the input: refused before the schema.
    const unclean = uncleanTextError(input, locale);
    if (unclean !== null) return unclean;

    const parsed = spec.input.safeParse(input);
    if (!parsed.success) {
      return err(
        'invalid_input',
        errorMessage(locale, 'invalid_input'),
        issuesToFields(parsed.error.issues, input, locale),
      );
    }
    // The table is keyed by method, so handlers[method] takes exactly METHODS[method]'s parsed input.
    const handler = handlers[method] as AnyHandler;
    return await handler(parsed.data, { desk, locale, staff, token, services });
  } catch (e) {
    if (e instanceof DeskBusyError) return err('busy', errorMessage(locale, 'busy'));
    if (e instanceof NumbersHeldError) return err('busy', msg(locale, 'numbersHeldAfterRestore'));
    console.error(`[desk] ${typeof method === 'string' ? method : '?'} failed:`, e);
    return err('internal', errorMessage(locale, 'internal'));
  }
}
