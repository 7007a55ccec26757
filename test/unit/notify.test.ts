/**
 * Error toasts (renderer/src/lib/notify.ts) never pile up and can be closed
 * once they no longer apply; sign-in refusals are placed under their field or
 * inside the form (features/signin/signInErrors.ts), never as a toast.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../renderer/src/i18n', () => ({ i18next: { t: (k: string) => k } }));

const { bindNotify, clearErrors, showError } = await import('../../renderer/src/lib/notify');
const { signInErrorPlace } = await import('../../renderer/src/features/signin/signInErrors');

type Bound = Parameters<typeof bindNotify>;

function fakeApis() {
  const shown: { key: string; description: string; onClose?: () => void }[] = [];
  const destroyed: string[] = [];
  const notification = {
    error: (cfg: { key: string; description: string; onClose?: () => void }) => {
      const at = shown.findIndex((s) => s.key === cfg.key);
      if (at >= 0) shown.splice(at, 1);
      shown.push(cfg);
    },
    destroy: (key: string) => {
      destroyed.push(key);
      const at = shown.findIndex((s) => s.key === key);
      if (at >= 0) shown.splice(at, 1);
    },
  };
  bindNotify({} as Bound[0], notification as unknown as Bound[1]);
  return { shown, destroyed };
}

describe('error toasts', () => {
  beforeEach(() => clearErrors());

  it('shows the same error once however often it happens', () => {
    const { shown } = fakeApis();
    showError({ message: '登录名或密码（PIN）不正确，请重新输入。' });
    showError({ message: '登录名或密码（PIN）不正确，请重新输入。' });
    showError({ message: '登录名或密码（PIN）不正确，请重新输入。' });
    expect(shown).toHaveLength(1);
    showError({ message: '另一件事。' });
    expect(shown).toHaveLength(2);
  });

  it('clearErrors closes every error toast still shown, and only those', () => {
    const { shown, destroyed } = fakeApis();
    showError({ message: 'a' });
    showError({ message: 'b' });
    const [a, b] = shown;
    // The clerk closed the first one; only the second is still on screen.
    a?.onClose?.();
    clearErrors();
    expect(destroyed).toEqual([b?.key]);
    expect(b?.key).not.toBe(a?.key);
    clearErrors();
    expect(destroyed).toHaveLength(1);
  });
});

describe('where a refused sign-in is shown', () => {
  it('a wrong PIN or unknown login under the PIN', () => {
    expect(signInErrorPlace({ code: 'bad_credentials', message: 'wrong' })).toEqual({
      login: null,
      secret: 'wrong',
      form: null,
    });
  });
  it('a disabled account under the login', () => {
    expect(signInErrorPlace({ code: 'unauthenticated', message: 'disabled' })).toEqual({
      login: 'disabled',
      secret: null,
      form: null,
    });
  });
  it('a lock-out or a busy desk inside the form', () => {
    for (const code of ['rate_limited', 'busy', 'unavailable'] as const) {
      expect(signInErrorPlace({ code, message: 'later' })).toEqual({
        login: null,
        secret: null,
        form: 'later',
      });
    }
  });
  it('field errors the desk names under their field', () => {
    expect(signInErrorPlace({ code: 'invalid_input', message: 'x', fields: { login: 'too long' } })).toEqual({
      login: 'too long',
      secret: null,
      form: null,
    });
  });
});
