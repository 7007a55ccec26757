import { expect, type Locator, type Page } from '@playwright/test';

export class CaseListPage {
  constructor(private readonly page: Page) {}

  readonly root = () => this.page.getByTestId('case-list-page');
  readonly search = () => this.page.getByTestId('case-search');
  readonly total = () => this.page.getByTestId('case-total');
  readonly rows = () => this.page.getByTestId('case-row');

  row(number: string): Locator {
    return this.page.locator(`[data-testid="case-row"][data-case-number="${number}"]`);
  }

  /** `/` focuses the search box; typing searches after the debounce. */
  async searchFor(text: string): Promise<void> {
    await expect(this.root()).toBeVisible();
    await this.page.getByTestId('case-grid').focus();
    await this.page.keyboard.press('/');
    await expect(this.search()).toBeFocused();
    await this.search().fill(text);
  }
}
