import { expect, type Page } from '@playwright/test';
import { SetupPage } from './SetupPage';
import { Shell } from './Shell';
import { SignInPage } from './SignInPage';

/**
 * The desk every web spec shares (one fresh host store per `playwright test`
 * run). six-steps.spec.ts sets it up with these values; a spec that runs on
 * its own sets it up the same way.
 */
export const DESK = {
  branchName: '广州天河营业厅',
  branchCode: 'GZ',
  deviceCode: '01',
  adminName: '李主管',
  adminLogin: 'admin',
  adminPin: '246810',
} as const;

/** Opens the app and ends signed in as the administrator, doing first-run setup if nobody has. */
export async function enterAsAdmin(page: Page, url = '/'): Promise<void> {
  await page.goto(url);
  const setup = page.getByTestId('setup-screen');
  const signIn = page.getByTestId('signin-screen');
  await expect(setup.or(signIn)).toBeVisible();
  if (await setup.isVisible()) {
    const p = new SetupPage(page);
    await p.expectShown();
    await p.complete({
      branchName: DESK.branchName,
      branchCode: DESK.branchCode,
      deviceCode: DESK.deviceCode,
      adminName: DESK.adminName,
      adminLogin: DESK.adminLogin,
      pin: DESK.adminPin,
    });
  } else {
    await new SignInPage(page).signIn(DESK.adminLogin, DESK.adminPin);
  }
  await new Shell(page).expectSignedIn(DESK.adminName, '管理员');
}

/**
 * Calls the desk API from inside the page (same origin, the signed-in
 * session's token), for arranging things the screens under test do not cover.
 */
export async function deskCall<T>(page: Page, method: string, input: unknown): Promise<T> {
  const r = await page.evaluate(
    async ({ method, input }) => {
      const raw = window.sessionStorage.getItem('loopdesk.session');
      const token = raw ? (JSON.parse(raw) as { token?: string }).token : undefined;
      const res = await fetch(`/api/call/${method}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(input),
      });
      return (await res.json()) as {
        ok: boolean;
        value?: unknown;
        error?: { code: string; message: string };
      };
    },
    { method, input },
  );
  if (!r.ok) throw new Error(`${method} failed: ${r.error?.code} ${r.error?.message}`);
  return r.value as T;
}

/**
 * Waits until the short confirmations (antd messages) have faded. A message
 * waits while the pointer is on it, and after a click in the top bar the
 * pointer can rest exactly where messages appear: it is moved to a corner
 * first, as a clerk's hand would move on.
 */
export async function toastsGone(page: Page): Promise<void> {
  await page.mouse.move(5, (page.viewportSize()?.height ?? 600) - 5);
  await expect(page.locator('.ant-message-notice')).toHaveCount(0);
}
