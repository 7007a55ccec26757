import { expect, type Locator, type Page } from '@playwright/test';
import { chooseOption, selectRoot } from './common';

/** The follow-up card of the handling view (contacts, actions, callbacks) and the pause control. */
export class FollowUp {
  constructor(private readonly page: Page) {}

  readonly card = () => this.page.getByTestId('follow-up-card');
  readonly tab = (name: 'contacts' | 'actions' | 'callbacks') =>
    this.page.getByTestId(`follow-up-tab-${name}`);

  async open(name: 'contacts' | 'actions' | 'callbacks'): Promise<void> {
    await this.tab(name).click();
    await expect(this.page.getByTestId(`${name}-tab`)).toBeVisible();
  }

  /** The validation message under the form field holding `testId`. */
  fieldError(testId: string): Locator {
    return this.page
      .locator('.ant-form-item')
      .filter({ has: this.page.getByTestId(testId) })
      .locator('.ant-form-item-explain-error');
  }

  async choose(testId: string, label: string): Promise<void> {
    await chooseOption(this.page, selectRoot(this.page, testId), label);
  }

  /** Types "YYYY-MM-DD HH:mm" into a date picker and confirms with Enter. */
  async pickDateTime(testId: string, value: string): Promise<void> {
    const input = this.page.getByTestId(testId);
    await input.click();
    await input.fill(value);
    await input.press('Enter');
    await expect(input).toHaveValue(value);
    await this.page.keyboard.press('Escape');
  }
}
