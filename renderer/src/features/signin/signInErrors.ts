import type { ApiError } from '../../../../shared/contract/result';

/** Where a refused sign-in is shown: under the login, under the PIN, or inside the form. */
export interface SignInErrorPlace {
  login: string | null;
  secret: string | null;
  form: string | null;
}

/**
 * Places the desk's refusal of a sign-in. A wrong PIN and an unknown login
 * are one answer from the desk (`bad_credentials`: it does not tell which, so
 * nobody learns which logins exist) and are shown under the PIN, which is
 * emptied and focused for the next try. A disabled account concerns the
 * login; a lock-out or a busy desk concerns neither field and stays inside
 * the form. Field errors the desk names (`error.fields`) go under their field.
 */
export function signInErrorPlace(error: Pick<ApiError, 'code' | 'message' | 'fields'>): SignInErrorPlace {
  const fields = error.fields ?? {};
  const login = fields.login ?? null;
  const secret = fields.secret ?? null;
  if (login !== null || secret !== null) return { login, secret, form: null };
  if (error.code === 'bad_credentials') return { login: null, secret: error.message, form: null };
  if (error.code === 'unauthenticated') return { login: error.message, secret: null, form: null };
  return { login: null, secret: null, form: error.message };
}
