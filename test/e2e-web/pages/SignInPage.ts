import { expect, type Page } from '@playwright/test';

export class SignInPage {
  constructor(private readonly page: Page) {}

  readonly root = () => this.page.getByTestId('signin-screen');

  async signIn(login: string, secret: string): Promise<void> {
    const p = this.page;
    await expect(this.root()).toBeVisible();
    await expect(p.getByTestId('signin-login')).toBeFocused();
    await p.getByTestId('signin-login').fill(login);
    await p.getByTestId('signin-secret').fill(secret);
    await p.getByTestId('signin-secret').press('Enter');
    await expect(this.root()).toBeHidden();
  }
}
