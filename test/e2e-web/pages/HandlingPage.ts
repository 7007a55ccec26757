import { expect, type Locator, type Page } from '@playwright/test';
import { chooseOption, selectRoot } from './common';

/** The guided handling view of one case. */
export class HandlingPage {
  constructor(private readonly page: Page) {}

  readonly root = () => this.page.getByTestId('handling-page');
  readonly panel = () => this.page.getByTestId('step-panel');
  readonly recordButton = () => this.page.getByTestId('step-record');
  readonly forbiddenWarning = () => this.page.getByTestId('forbidden-warning');

  async caseNumber(): Promise<string> {
    await expect(this.root()).toBeVisible();
    const n = await this.root().getAttribute('data-case-number');
    if (!n) throw new Error('the handling view shows no case number');
    return n;
  }

  /** The step being edited is `n`, and it cannot be recorded while required fields are empty. */
  async expectActiveStep(n: number, title: string): Promise<void> {
    await expect(this.panel()).toHaveAttribute('data-step', String(n));
    await expect(this.panel()).toHaveAttribute('data-mode', 'record');
    await expect(this.page.getByTestId('step-title')).toContainText(title);
    await expect(this.page.getByTestId('step-phrasing').locator('li').first()).toBeVisible();
  }

  field(key: string): Locator {
    return this.page.getByTestId(`step-field-${key}`);
  }

  /**
   * Ticks box `key`; a must-tick box (apology given, record confirmed, outcome
   * told) has no box: the record button attests it and must say so.
   */
  async tick(key: string): Promise<void> {
    if ((await this.field(key).count()) === 0) {
      await this.expectAttested(key);
      return;
    }
    await this.field(key).check();
  }

  /** The record button states that recording attests `key` (decision 0025). */
  async expectAttested(key: string): Promise<void> {
    await expect(this.recordButton().getByTestId(`step-attest-${key}`)).toBeVisible();
  }

  async fill(key: string, text: string): Promise<void> {
    await this.field(key).fill(text);
  }

  async choose(key: string, label: string): Promise<void> {
    await chooseOption(this.page, selectRoot(this.page, `step-field-${key}`), label);
  }

  /** Types "YYYY-MM-DD HH:mm" into the date picker and confirms with Enter. */
  async pickDateTime(key: string, value: string): Promise<void> {
    const input = this.field(key);
    await input.click();
    await input.fill(value);
    await input.press('Enter');
    await expect(input).toHaveValue(value);
  }

  /**
   * Records the step shown. At step 6 (`nextStep` null) this is "record only":
   * the case stays open for `close()`; `recordAndClose()` is the one-action path.
   */
  async record(nextStep: number | null): Promise<void> {
    const button = nextStep === null ? this.page.getByTestId('step-record-only') : this.recordButton();
    await expect(button).toBeEnabled();
    const before = await this.panel().getAttribute('data-step');
    await button.click();
    if (nextStep === null) {
      await expect(this.page.getByTestId('case-all-done')).toBeVisible();
    } else {
      await expect(this.panel()).not.toHaveAttribute('data-step', before ?? '');
      await expect(this.panel()).toHaveAttribute('data-step', String(nextStep));
    }
  }

  async close(): Promise<void> {
    await expect(this.page.getByTestId('case-close')).toBeEnabled();
    await this.page.getByTestId('case-close').click();
    const dialog = this.page.getByTestId('close-dialog');
    await expect(dialog.getByRole('dialog')).toBeVisible();
    await this.page.getByTestId('close-dialog-ok').click();
    await expect(this.page.getByTestId('case-closed-banner')).toBeVisible();
    await expect(this.root()).toHaveAttribute('data-status', 'closed');
  }

  async backToList(): Promise<void> {
    await this.page.getByTestId('case-back').click();
    await expect(this.page.getByTestId('case-list-page')).toBeVisible();
  }
}
