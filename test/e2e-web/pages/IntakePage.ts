import { expect, type Page } from '@playwright/test';
import { chooseOption, selectRoot } from './common';

export interface Complaint {
  name: string;
  phone: string;
  gender: string;
  customerKind: string;
  channel?: string;
  category: string;
  severity?: string;
  account: string;
}

export class IntakePage {
  constructor(private readonly page: Page) {}

  readonly root = () => this.page.getByTestId('intake-page');

  async submit(c: Complaint): Promise<void> {
    const p = this.page;
    await expect(this.root()).toBeVisible();
    await expect(p.getByTestId('intake-name')).toBeFocused();
    await p.getByTestId('intake-name').fill(c.name);
    await p.getByTestId('intake-phone').fill(c.phone);
    await p.getByTestId('intake-gender').getByText(c.gender, { exact: true }).click();
    await p.getByTestId('intake-returning').getByText(c.customerKind, { exact: true }).click();
    if (c.channel) await chooseOption(p, selectRoot(p, 'intake-channel'), c.channel);
    if (c.severity) await chooseOption(p, selectRoot(p, 'intake-severity'), c.severity);
    await chooseOption(p, selectRoot(p, 'intake-category'), c.category);
    await p.getByTestId('intake-account').fill(c.account);
    // Ctrl+Enter in the account submits the form.
    await p.getByTestId('intake-account').press('Control+Enter');
    await expect(this.root()).toBeHidden();
  }
}
