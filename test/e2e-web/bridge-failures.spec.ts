/**
 * When the desk cannot be reached, or answers something that is not a Result,
 * the clerk sees a message they can act on (in their language), never a raw
 * error code or a blank page. The desk is cut off with page.route, so these
 * tests change nothing in the shared store.
 */
import { expect, test } from '@playwright/test';

test.use({ actionTimeout: 15_000 });

test('an unreachable desk shows a clear message and a retry button', async ({ page }) => {
  await page.route('**/api/call/**', (route) => route.abort('connectionrefused'));
  await page.goto('/');
  await expect(page.getByText('无法连接闭环服务台后台服务')).toBeVisible();
  await expect(page.getByText('internal')).toHaveCount(0);

  // Once the desk is back, retry brings up the normal screen.
  await page.unroute('**/api/call/**');
  await page.getByTestId('boot-retry').click();
  await expect(page.getByTestId('setup-screen').or(page.getByTestId('signin-screen'))).toBeVisible();
});

test('an answer that is not JSON is reported in English when English is chosen', async ({ page }) => {
  await page.addInitScript(() => window.localStorage.setItem('loopdesk.locale', 'en'));
  await page.route('**/api/call/desk.status', (route) =>
    route.fulfill({ status: 502, contentType: 'text/html', body: '<html>Bad gateway</html>' }),
  );
  await page.goto('/');
  await expect(page.getByText('Cannot reach the Loopdesk desk service')).toBeVisible();
  await expect(page.getByTestId('boot-retry')).toHaveText('Try again');
});
