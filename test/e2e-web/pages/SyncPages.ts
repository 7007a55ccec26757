import { expect, type Locator, type Page } from '@playwright/test';

/** The top bar's head-office sync badge and the details it opens. */
export class SyncIndicator {
  constructor(private readonly page: Page) {}

  readonly root = () => this.page.getByTestId('sync-indicator');
  readonly label = () => this.page.getByTestId('sync-indicator-label');
  readonly pending = () => this.page.getByTestId('sync-indicator-pending');
  readonly popover = () => this.page.getByTestId('sync-popover');
  readonly details = () => new SyncDetails(this.page, 'sync-popover-details');

  /** Records waiting to upload, as the badge reports them (data-pending). */
  async pendingCount(): Promise<number> {
    return Number(await this.root().getAttribute('data-pending'));
  }

  /** Waits until the badge reads `label` and reports `pending` records waiting. */
  async expectState(label: string, opts: { pending?: number; timeout?: number } = {}): Promise<void> {
    const timeout = opts.timeout ?? 10_000;
    await expect(this.label()).toHaveText(label, { timeout });
    if (opts.pending !== undefined) {
      await expect(this.root()).toHaveAttribute('data-pending', String(opts.pending), { timeout });
      if (opts.pending === 0) await expect(this.pending()).toHaveCount(0);
    }
  }

  /** Opens the details with the keyboard: focus the badge, press Enter. */
  async openWithKeyboard(): Promise<void> {
    await this.root().focus();
    await this.page.keyboard.press('Enter');
    await expect(this.popover()).toBeVisible();
    await expect(this.root()).toHaveAttribute('aria-expanded', 'true');
    // The focus moves inside once the opening animation is over.
    await expect.poll(() => this.popover().evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }

  /** Esc closes the details and gives the focus back to the badge. */
  async closeWithEscape(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await expect(this.popover()).toBeHidden();
    await expect(this.root()).toBeFocused();
  }
}

/** The status table shown in the popover and on the settings screen. */
export class SyncDetails {
  constructor(
    private readonly page: Page,
    private readonly testId: string,
  ) {}

  readonly root = () => this.page.getByTestId(this.testId);
  readonly state = () => this.page.getByTestId(`${this.testId}-state`);
  readonly server = () => this.page.getByTestId(`${this.testId}-server`);
  readonly lastSuccess = () => this.page.getByTestId(`${this.testId}-last`);
  readonly pending = () => this.page.getByTestId(`${this.testId}-pending`);
  readonly rejected = () => this.page.getByTestId(`${this.testId}-rejected`);
  readonly error = () => this.page.getByTestId(`${this.testId}-error`);
}

/** `#/settings`: the head-office sync section. */
export class SettingsPage {
  constructor(private readonly page: Page) {}

  readonly root = () => this.page.getByTestId('settings-page');
  readonly navEntry = () => this.page.getByTestId('nav-settings');
  readonly forbidden = () => this.page.getByTestId('settings-forbidden');
  readonly form = () => this.page.getByTestId('settings-connect-form');
  readonly serverUrl = () => this.page.getByTestId('settings-server-url');
  readonly code = () => this.page.getByTestId('settings-code');
  readonly connectButton = () => this.page.getByTestId('settings-connect');
  readonly connectError = () => this.page.getByTestId('settings-connect-error');
  readonly details = () => new SyncDetails(this.page, 'settings-sync-details');

  /** The validation message under a form field (antd Form.Item), by the field's test id. */
  fieldError(testId: 'settings-server-url' | 'settings-code'): Locator {
    return this.page
      .locator('.ant-form-item')
      .filter({ has: this.page.getByTestId(testId) })
      .locator('.ant-form-item-explain-error');
  }

  async open(): Promise<void> {
    await this.navEntry().click();
    await expect(this.root()).toBeVisible();
    await expect(this.page).toHaveURL(/#\/settings$/);
  }

  /** Types the address and the code, then presses Enter in the code field (submits). */
  async connect(serverUrl: string, code: string): Promise<void> {
    await expect(this.form()).toBeVisible();
    await this.serverUrl().fill(serverUrl);
    await this.code().fill(code);
    await this.code().press('Enter');
  }

  async disconnect(): Promise<void> {
    await this.page.getByTestId('settings-disconnect').click();
    const dialog = this.page.getByTestId('disconnect-dialog');
    await expect(dialog.getByRole('dialog')).toBeVisible();
    await this.page.getByTestId('disconnect-dialog-ok').click();
    await expect(dialog.getByRole('dialog')).toBeHidden();
    await expect(this.form()).toBeVisible();
  }
}
