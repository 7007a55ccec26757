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
    await this.page.getByTestId('sign-out').click();
    await expect(this.page.getByTestId('signin-screen')).toBeVisible();
  }

  async switchTo(lang: 'zh-CN' | 'en'): Promise<void> {
    await this.page.getByTestId(lang === 'en' ? 'lang-en' : 'lang-zh').click();
    await expect(this.page.locator('html')).toHaveAttribute('lang', lang);
  }

  /** The `n` shortcut (when not typing) opens the intake form. */
  async newComplaintByShortcut(): Promise<void> {
    await this.page.locator('body').click({ position: { x: 5, y: 200 } });
    await this.page.keyboard.press('n');
    await expect(this.page.getByTestId('intake-page')).toBeVisible();
  }
}
