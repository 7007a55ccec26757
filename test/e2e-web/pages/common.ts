import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Waits until the antd dialog holding `inside` (its content, or the modal
 * itself) has finished opening: fully opaque, no animation left in it. For a
 * clean screenshot, and before clicking its buttons: a click while the dialog
 * still zooms in can be lost, because Playwright checks only the press against
 * the button, which grows out from under the pointer before the release (a CI
 * run clicked an OK button at a fifth of its size and nothing was submitted).
 */
export async function dialogSettled(inside: Locator): Promise<void> {
  await expect
    .poll(() =>
      inside.evaluate((el) => {
        const modal = el.closest('.ant-modal') ?? el.querySelector('.ant-modal');
        if (!modal) return false;
        for (let n: Element | null = modal; n; n = n.parentElement) {
          if (Number(getComputedStyle(n).opacity) < 1) return false;
        }
        return modal.getAnimations({ subtree: true }).length === 0;
      }),
    )
    .toBe(true);
}

/**
 * Chooses `label` in an antd Select or TreeSelect (`scope` = its root): opens
 * it, narrows the list by typing when it is searchable (the lists are
 * virtualised, so an option far down may not be rendered yet), then clicks
 * the option.
 */
export async function chooseOption(page: Page, scope: Locator, label: string): Promise<void> {
  const popup = page
    .locator('.ant-select-dropdown, .ant-tree-select-dropdown')
    .filter({ visible: true })
    .last();
  const option = popup
    .locator('.ant-select-item-option, [role="treeitem"]')
    .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(label)}`) })
    .first();
  // A list opened while its dialog still animates in can close again under the pointer
  // (the dialog's wrap takes the click): open it again and retry, at most three times.
  for (let attempt = 1; ; attempt++) {
    if (attempt === 1 || !(await popup.isVisible())) await scope.click();
    const search = scope.locator('input').first();
    if (await search.isEditable()) await search.fill(label);
    await expect(popup).toBeVisible();
    try {
      await option.click({ timeout: 5_000 });
      break;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
  await expect(popup).toBeHidden();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The antd Select root for a data-testid placed on the Select component. */
export function selectRoot(page: Page, testId: string): Locator {
  return page
    .locator(`.ant-select:has([data-testid="${testId}"]), .ant-select[data-testid="${testId}"]`)
    .first();
}
