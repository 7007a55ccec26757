import { expect, type Page } from '@playwright/test';

/** The top bar: branch and device, signed-in staff, language switch, sign out. */
export class Shell {
  constructor(private readonly page: Page) {}

  readonly header = () => this.page.getByTestId('app-header');

  async expectSignedIn(name: string, roleLabel: string): Promise<void> {
    await expect(this.header()).toBeVisible();
    await expect(this.page.getByTestId('header-staff')).toContainText(name);
    await expect(this.page.getByTestId('header-role')).toHaveText(roleLabel);
  }

  async signOut(): Promise<void> {
    await this.pressAtTopRight('sign-out');
    await expect(this.page.getByTestId('signin-screen')).toBeVisible();
  }

  async switchTo(lang: 'zh-CN' | 'en'): Promise<void> {
    await this.pressAtTopRight(lang === 'en' ? 'lang-en' : 'lang-zh');
    await expect(this.page.locator('html')).toHaveAttribute('lang', lang);
  }

  /**
   * Closes the scheduler's alert toasts with their ×, as a clerk would. They open at the top
   * right, over the language switch and sign-out, and stay while the pointer rests on them,
   * so a press there that meets one would wait for nothing (a CI run on a loaded machine met a
   * supervisor's alert just as the test switched language).
   */
  async closeToasts(): Promise<void> {
    // Only the alert toasts: an error toast is what some tests look for, and is left alone.
    const toasts = this.page.getByTestId('alert-toast');
    for (const close of await toasts.locator('.ant-notification-notice-close').all())
      await close.dispatchEvent('click');
    await expect(toasts).toHaveCount(0);
  }

  /** Presses a top-bar control at the right; a toast that opened over it is closed first. */
  private async pressAtTopRight(testId: string): Promise<void> {
    const target = this.page.getByTestId(testId);
    await this.closeToasts();
    try {
      await target.click({ timeout: 5_000 });
    } catch {
      // A toast arrived between the two steps.
      await this.closeToasts();
      await target.click();
    }
  }

  /** The `n` shortcut (when not typing) opens the intake form. */
  async newComplaintByShortcut(): Promise<void> {
    await this.page.locator('body').click({ position: { x: 5, y: 200 } });
    await this.page.keyboard.press('n');
    await expect(this.page.getByTestId('intake-page')).toBeVisible();
  }
}
