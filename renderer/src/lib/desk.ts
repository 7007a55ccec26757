/**
 * Calls the desk for the screens. A call answered with `unauthenticated` means
 * the session ended (desk restarted, signed out elsewhere): go back to sign-in.
 */
import type { CallOptions, InputOf, MethodName, OutputOf } from '../../../shared/contract/api';
import type { Result } from '../../../shared/contract/result';
import { getDeskApi } from '../bridge';
import { useSession } from '../stores/session';
import { showError } from './notify';

export async function callDesk<M extends MethodName>(
  method: M,
  input: InputOf<M>,
  opts?: CallOptions,
): Promise<Result<OutputOf<M>>> {
  const r = await getDeskApi().call(method, input, opts);
  if (!r.ok && r.error.code === 'unauthenticated' && useSession.getState().phase === 'ready') {
    showError(r.error);
    useSession.getState().expire();
  }
  return r;
}

/** Issue 13: staging a log to import (browser route or Electron IPC), in ./importFile.ts. */
export { stageImport } from './importFile';
