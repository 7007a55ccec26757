import { expect, type Locator, type Page } from '@playwright/test';

/** Settings → 营业日历 / Business calendar, and its year import dialog. */
export class CalendarSettings {
  constructor(private readonly page: Page) {}

  readonly root = () => this.page.getByTestId('calendar-page');
  readonly covered = () => this.page.getByTestId('cal-covered');
  readonly save = () => this.page.getByTestId('cal-save');
  readonly dialog = () => this.page.getByTestId('cal-import-dialog').getByRole('dialog');
  readonly yearRow = (year: number) => this.page.locator(`[data-testid="cal-year-row"][data-year="${year}"]`);

  /** Opens the tab from the top bar's Settings entry. */
  async open(): Promise<void> {
    await this.page.getByTestId('nav-settings').click();
    await this.page.getByTestId('nav-calendar').click();
    await expect(this.root()).toBeVisible();
    await expect(this.page).toHaveURL(/#\/settings\/calendar$/);
  }

  /** The time input of a weekday's n-th interval. */
  time(day: string, n: number, end: 'from' | 'to'): Locator {
    return this.page.getByTestId(`cal-${day}-${end}-${n}`);
  }

  /** The errors shown under a weekday's hours. */
  dayError(day: string): Locator {
    return this.page.getByTestId(`cal-${day}-error`);
  }

  /** Picks `file` in the import dialog (already open) and waits for the desk's answer. */
  async chooseFile(file: string): Promise<void> {
    await this.page.getByTestId('cal-import-file').setInputFiles(file);
    await expect(
      this.page.getByTestId('cal-import-preview').or(this.page.getByTestId('cal-import-error')),
    ).toBeVisible();
  }
}

/** Settings → 时限规则 / Deadline rules. */
export class RulesSettings {
  constructor(private readonly page: Page) {}

  readonly root = () => this.page.getByTestId('rules-page');
  readonly save = () => this.page.getByTestId('rules-save');
  readonly input = (rule: string) => this.page.getByTestId(`rule-${rule}-input`);
  readonly row = (rule: string) => this.page.getByTestId(`rule-${rule}`);

  async open(): Promise<void> {
    await this.page.getByTestId('nav-rules').click();
    await expect(this.root()).toBeVisible();
    await expect(this.page).toHaveURL(/#\/settings\/rules$/);
  }
}
