/**
 * Errors where the eye is (issue 10): a refused sign-in is told under the PIN
 * field, not in a pile of 操作未完成 toasts; a locked-out login is told inside
 * the form; and after a successful sign-in no error toast is left anywhere,
 * the settings screen included. Runs on a desk of its own (it signs out and
 * locks a login out, which the specs sharing the default desk must not meet).
 */
import { expect, test, type Page } from '@playwright/test';
import { DESK, enterAsAdmin } from './pages/desk';
import { useOwnHost } from './pages/ownHost';
import { Shell } from './pages/Shell';

const host = useOwnHost('loopdesk-errors-');

const errorToasts = (page: Page) => page.locator('.ant-notification-notice');

function fieldError(page: Page, testId: string) {
  return page
    .locator('.ant-form-item')
    .filter({ has: page.getByTestId(testId) })
    .locator('.ant-form-item-explain-error');
}

async function tryPin(page: Page, login: string, pin: string): Promise<void> {
  await page.getByTestId('signin-login').fill(login);
  await page.getByTestId('signin-secret').fill(pin);
  await page.getByTestId('signin-secret').press('Enter');
  // The refusal has come back when the form is usable again.
  await expect(page.getByTestId('signin-submit')).toBeEnabled();
}

test('a refused sign-in is told under the PIN, a lock-out inside the form, and nothing is left after success', async ({
  browser,
}) => {
  const page = await browser.newPage({ baseURL: host.url, viewport: { width: 1366, height: 768 } });
  await enterAsAdmin(page);
  await new Shell(page).signOut();
  await expect(page.getByTestId('signin-screen')).toBeVisible();

  // Two wrong PINs: the message sits under the PIN field, once, and no toast appears.
  await tryPin(page, DESK.adminLogin, '000000');
  await expect(fieldError(page, 'signin-secret')).toContainText('不正确');
  await tryPin(page, DESK.adminLogin, '111111');
  await expect(fieldError(page, 'signin-secret')).toHaveCount(1);
  await expect(fieldError(page, 'signin-secret')).toContainText('不正确');
  await expect(page.getByTestId('signin-secret')).toHaveValue('');
  await expect(page.getByTestId('signin-secret')).toBeFocused();
  await expect(fieldError(page, 'signin-login')).toHaveCount(0);
  await expect(errorToasts(page)).toHaveCount(0);
  await expect(page.getByText('操作未完成')).toHaveCount(0);

  // Typing a new PIN takes the old message away.
  await page.getByTestId('signin-secret').fill('2');
  await expect(fieldError(page, 'signin-secret')).toHaveCount(0);

  // A login locked after repeated failures: told inside the form, not under a field, not as a toast.
  for (let i = 0; i < 5; i++) await tryPin(page, 'nobody', '999999');
  await tryPin(page, 'nobody', '999999');
  const alert = page.getByTestId('signin-screen').locator('form').getByTestId('signin-form-error');
  await expect(alert).toContainText('秒后再试');
  await expect(errorToasts(page)).toHaveCount(0);

  // Success: the form-level alert goes with the sign-in screen and no error toast is anywhere.
  await page.getByTestId('signin-login').fill(DESK.adminLogin);
  await page.getByTestId('signin-secret').fill(DESK.adminPin);
  await page.getByTestId('signin-secret').press('Enter');
  await new Shell(page).expectSignedIn(DESK.adminName, '管理员');
  await expect(errorToasts(page)).toHaveCount(0);
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-page')).toBeVisible();
  await expect(errorToasts(page)).toHaveCount(0);
  await expect(page.getByText('操作未完成')).toHaveCount(0);
});
