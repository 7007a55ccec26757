/**
 * Recovery of a desk that has lost its last enabled administrator (every
 * admin disabled or demoted, or none left after a sync): a new administrator
 * is written as a *recovery founding*, a `staff.created` of an admin whose
 * actor is the record itself. The staff fold (shared/domain/staff/directory.ts)
 * counts such a record only when no enabled administrator is left in the
 * branch at that point, so the same event is refused by every replica once an
 * admin exists there.
 *
 * Not a DeskApi method: nothing reaches it over HTTP or IPC. The desk CLI
 * calls it through openDesk's core object (`core.recoverAdmin`), on the
 * machine itself with its data directory.
 */
import { z } from 'zod';
import { NewStaff, type StaffSummary } from '../../../../shared/contract/methods/staff';
import { err, ok, type Result } from '../../../../shared/contract/result';
import { streamOf } from '../../../../shared/domain/kernel/envelope';
import { newId } from '../../../../shared/domain/kernel/ids';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import type { Desk } from '../../kernel/desk';
import { errorMessage } from '../../kernel/messages';
import { hashSecret, secretProblem } from './credentials';
import { messages } from './messages';
import { currentPepper } from './peppers';
import { staffBookView, staffByLogin, staffMember } from './queries';

export const RecoveryInput = NewStaff.omit({ role: true });
export type RecoveryInput = z.input<typeof RecoveryInput>;

const msg = messages.msg;

function invalid(locale: Locale, fields: Record<string, string>) {
  return err('invalid_input', errorMessage(locale, 'invalid_input'), fields);
}

/** Writes a recovery administrator, refusing while the branch still has an enabled one. */
export async function recoverAdmin(
  desk: Desk,
  raw: RecoveryInput,
  locale: Locale,
): Promise<Result<StaffSummary>> {
  if (!desk.identity()) return err('not_initialized', errorMessage(locale, 'not_initialized'));
  const parsed = RecoveryInput.safeParse(raw);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[issue.path.join('.')] ??= issue.message;
    return invalid(locale, fields);
  }
  const input = parsed.data;
  const adminLeft = () => staffBookView(desk.d).members.some((m) => m.enabled && m.role === 'admin');
  if (adminLeft()) return err('invalid_state', msg(locale, 'recoveryAdminExists'));
  const problem = secretProblem(input.secretKind, input.secret, 'admin');
  if (problem) return invalid(locale, { secret: msg(locale, problem) });
  // A disabled record may keep its login (sign-in tries enabled records first); an enabled one may not.
  const taken = () => staffByLogin(desk.d, input.login).some((m) => m.enabled);
  const loginTaken = () =>
    err('conflict', msg(locale, 'loginTaken', { login: input.login }), {
      login: msg(locale, 'loginTaken', { login: input.login }),
    });
  if (taken()) return loginTaken();
  // Under the branch key this desk uses now, like every new secret (peppers.ts).
  const pepper = desk.tx(() => currentPepper(desk.meta));
  const credential = await hashSecret(input.secretKind, input.secret, pepper);
  const id = newId();
  const outcome = desk.tx((): 'ok' | 'admin' | 'login' => {
    if (adminLeft()) return 'admin';
    if (taken()) return 'login';
    const payload = { name: input.name, login: input.login, role: 'admin' as const, credential };
    desk.appendLocal([desk.makeEvent(streamOf('staff', id), 'staff.created', payload, id)]);
    return 'ok';
  });
  if (outcome === 'admin') return err('invalid_state', msg(locale, 'recoveryAdminExists'));
  if (outcome === 'login') return loginTaken();
  const m = staffMember(desk.d, id);
  // The fold decides; it must have counted the record as an enabled administrator.
  if (!m || !m.enabled || m.role !== 'admin') return err('internal', msg(locale, 'recoveryNotCounted'));
  return ok({ id: m.id, name: m.name, login: m.login, role: m.role });
}
