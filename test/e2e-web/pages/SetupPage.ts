import { expect, type Page } from '@playwright/test';

export interface SetupData {
  branchName: string;
  branchCode: string;
  deviceCode: string;
  adminName: string;
  adminLogin: string;
  pin: string;
}

export class SetupPage {
  constructor(private readonly page: Page) {}

  readonly root = () => this.page.getByTestId('setup-screen');

  async expectShown(): Promise<void> {
    await expect(this.root()).toBeVisible();
    // First field has the focus, ready for typing.
    await expect(this.page.getByTestId('setup-branch-name')).toBeFocused();
  }

  async complete(d: SetupData): Promise<void> {
    const p = this.page;
    await p.getByTestId('setup-branch-name').fill(d.branchName);
    await p.getByTestId('setup-branch-code').fill(d.branchCode);
    await p.getByTestId('setup-device-code').fill(d.deviceCode);
    await p.getByTestId('setup-admin-name').fill(d.adminName);
    await p.getByTestId('setup-admin-login').fill(d.adminLogin);
    await p.getByTestId('setup-secret').fill(d.pin);
    await p.getByTestId('setup-secret-confirm').fill(d.pin);
    // Enter submits the form.
    await p.getByTestId('setup-secret-confirm').press('Enter');
    await expect(this.root()).toBeHidden();
  }
}
