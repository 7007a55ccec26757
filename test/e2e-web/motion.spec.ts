/**
 * A clerk whose system asks for reduced motion gets no animations: antd's
 * motion is off, so dialogs appear at once rather than zooming in (and the
 * other specs, which run with reduced motion, never click a button that is
 * still growing under the pointer). The app follows the setting live.
 * Read-only: it looks at the first screen of the shared desk, whichever it is.
 */
import { expect, test, type Page } from '@playwright/test';

/**
 * The computed transition duration of the first antd text box on the screen:
 * antd's own CSS leaves it animated under reduced motion (unlike its buttons),
 * so it is 0s only when the app turned motion off, as for the dialogs' zoom.
 */
async function inputTransition(page: Page): Promise<string> {
  return page
    .locator('input.ant-input, .ant-input-affix-wrapper')
    .first()
    .evaluate((el) => getComputedStyle(el).transitionDuration);
}

test('reduced motion turns the animations off, and back on when the system allows them', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('setup-screen').or(page.getByTestId('signin-screen'))).toBeVisible();
  // The browser specs run with reduced motion (playwright.config.ts).
  expect(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(true);
  await expect.poll(() => inputTransition(page)).toMatch(/^0s(, 0s)*$/);

  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await expect.poll(() => inputTransition(page)).not.toMatch(/^0s(, 0s)*$/);

  await page.emulateMedia({ reducedMotion: 'reduce' });
  await expect.poll(() => inputTransition(page)).toMatch(/^0s(, 0s)*$/);
});
