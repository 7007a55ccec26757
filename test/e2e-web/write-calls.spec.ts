/**
 * What a write costs in reads (issue 7, item 6). Every case write returns the
 * new CaseDetail, so the renderer shows it without asking again: recording a
 * step, adding a note, closing and reopening read neither the case nor the
 * list. The list is read again only when the clerk returns to it after a
 * change that may add or drop rows. Changes this window did not make (another
 * window, another desk through sync) still show: sent here straight to the
 * desk API, past the renderer's stores, exactly as another window would.
 *
 * Counts the renderer's `case.get` and `case.list` requests per action and
 * asserts them; the table is printed for the record.
 *
 * Works on a fresh desk (does first-run setup) and after the other web specs
 * in the same run (signs in with the same administrator).
 */
import { expect, test, type Page } from '@playwright/test';
import { deskCall, enterAsAdmin, toastsGone } from './pages/desk';
import { HandlingPage } from './pages/HandlingPage';
import { IntakePage } from './pages/IntakePage';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 15_000 });

/** Longer than the list's debounce: a read still to come has started by then. */
const QUIET_MS = 800;

interface Counts {
  get: number;
  list: number;
}

/** Counts the page's case.get / case.list requests. */
class ReadCounter {
  private counts: Counts = { get: 0, list: 0 };
  private inFlight = 0;
  private lastAt = 0;
  readonly table: { action: string; get: number; list: number }[] = [];

  constructor(private readonly page: Page) {
    const method = (url: string) => /\/api\/call\/(case\.(?:get|list))$/.exec(new URL(url).pathname)?.[1];
    page.on('request', (r) => {
      const m = method(r.url());
      if (!m) return;
      this.inFlight += 1;
      this.lastAt = Date.now();
      if (m === 'case.get') this.counts.get += 1;
      else this.counts.list += 1;
    });
    const done = (url: string) => {
      if (!method(url)) return;
      this.inFlight -= 1;
      this.lastAt = Date.now();
    };
    page.on('requestfinished', (r) => done(r.url()));
    page.on('requestfailed', (r) => done(r.url()));
  }

  /** Waits until no case read has been under way for QUIET_MS. */
  async settle(): Promise<void> {
    const start = Date.now();
    await this.page.waitForTimeout(QUIET_MS);
    while (this.inFlight > 0 || Date.now() - this.lastAt < QUIET_MS) {
      if (Date.now() - start > 15_000) throw new Error('case reads did not settle');
      await this.page.waitForTimeout(100);
    }
  }

  /** Runs `action`, waits for the reads it causes to end, records and returns their count. */
  async measure(action: string, run: () => Promise<void>): Promise<Counts> {
    await this.settle();
    this.counts = { get: 0, list: 0 };
    await run();
    await this.settle();
    const c = { ...this.counts };
    this.table.push({ action, ...c });
    return c;
  }

  print(title: string): void {
    const lines = this.table.map((r) => `  ${r.action.padEnd(58)} get ${r.get}  list ${r.list}`);
    console.log(`${title}\n${lines.join('\n')}`);
  }
}

function caseIdOf(page: Page): string {
  const m = /#\/cases\/([0-9a-f-]{36})$/.exec(page.url());
  if (!m?.[1]) throw new Error(`not on a case: ${page.url()}`);
  return m[1];
}

const COMPLAINT = {
  name: '赵读数',
  phone: '13900139000',
  gender: '女',
  customerKind: '新客户',
  category: '增值业务订购',
  account: '客户称宽带账单重复出账，要求核对并退还多收的费用。',
};

test('writes in the handling view read neither the case nor the list', async ({ page }) => {
  test.setTimeout(120_000);
  const reads = new ReadCounter(page);
  const handling = new HandlingPage(page);
  const timeline = page.getByTestId('case-timeline').getByTestId('timeline-entry');
  await enterAsAdmin(page);
  await page.getByTestId('nav-list').click();
  await expect(page.getByTestId('case-list-page')).toBeVisible();

  try {
    await page.getByTestId('nav-new').click();
    const created = await reads.measure('create (intake, then the new case opens)', async () => {
      await new IntakePage(page).submit(COMPLAINT);
      await expect(handling.root()).toBeVisible();
      await expect(page.getByTestId('case-account')).toContainText('宽带账单');
    });
    expect.soft(created).toEqual({ get: 0, list: 0 });
    const caseId = caseIdOf(page);

    const step = await reads.measure('record step 1', async () => {
      await handling.tick('apologyGiven');
      await handling.choose('customerMood', '生气');
      await handling.record(2);
    });
    expect.soft(step).toEqual({ get: 0, list: 0 });

    const noted = await reads.measure('add a note', async () => {
      const before = await timeline.count();
      await page.getByTestId('note-input').fill('已致电客户说明核对进度');
      await page.getByTestId('note-submit').click();
      await expect(timeline).toHaveCount(before + 1);
    });
    expect.soft(noted).toEqual({ get: 0, list: 0 });

    const closed = await reads.measure('close early (administrator, with a reason)', async () => {
      await page.getByTestId('case-close').click();
      await page.getByTestId('close-early-dialog-reason').fill('客户撤回投诉');
      await page.getByTestId('close-early-dialog-ok').click();
      await expect(handling.root()).toHaveAttribute('data-status', 'closed');
    });
    expect.soft(closed).toEqual({ get: 0, list: 0 });

    const reopened = await reads.measure('reopen', async () => {
      await page.getByTestId('case-reopen').click();
      await page.getByTestId('reopen-dialog-reason').fill('客户再次来电');
      await page.getByTestId('reopen-dialog-ok').click();
      await expect(handling.root()).not.toHaveAttribute('data-status', 'closed');
    });
    expect.soft(reopened).toEqual({ get: 0, list: 0 });

    // A change this window did not make: the open case is read again, once.
    const setField = await reads.measure('set field from another window (open case)', async () => {
      await deskCall(page, 'case.setField', { caseId, field: 'severity', value: 'urgent' });
      // The header tag (the handling card's severity select shows it too).
      await expect(
        page.getByTestId('handling-page').getByText('紧急', { exact: true }).first(),
      ).toBeVisible();
    });
    expect.soft(setField).toEqual({ get: 1, list: 0 });

    // A change to a case that is not open: nothing to read while the list is hidden.
    const other = await deskCall<{ id: string }>(page, 'case.create', {
      customer: { name: '钱其他', phone: '', gender: 'male', returning: false },
      channel: 'walk_in',
      category: 'telecom.value_added',
      severity: 'general',
      account: '另一窗口受理的投诉。',
    });
    const elsewhere = await reads.measure('note on another case from another window', async () => {
      await deskCall(page, 'case.addNote', { caseId: other.id, text: '别处的备注' });
    });
    expect.soft(elsewhere).toEqual({ get: 0, list: 0 });

    // Back to the list: one read, because a case was added since it was loaded.
    const back = await reads.measure('back to the list after those writes', async () => {
      await toastsGone(page);
      await handling.backToList();
      await expect(page.locator(`[data-testid="case-row"][data-case-number]`).first()).toBeVisible();
    });
    expect.soft(back).toEqual({ get: 0, list: 1 });
    const row = page.locator('[data-testid="case-row"]').filter({ hasText: '赵读数' });
    await expect(row).toContainText('紧急');
  } finally {
    reads.print('Reads per action, handling view:');
  }
});

test('the list follows changes made elsewhere with one coalesced read', async ({ page }) => {
  test.setTimeout(90_000);
  const reads = new ReadCounter(page);
  await enterAsAdmin(page);
  const { id: caseId } = await deskCall<{ id: string }>(page, 'case.create', {
    customer: { name: '周列表', phone: '', gender: 'female', returning: false },
    channel: 'walk_in',
    category: 'telecom.value_added',
    severity: 'general',
    account: '列表上的投诉。',
  });
  await page.getByTestId('nav-list').click();
  const row = page.locator('[data-testid="case-row"]').filter({ hasText: '周列表' });
  await expect(row).toBeVisible();

  try {
    const closed = await reads.measure('another window closes a listed case', async () => {
      await deskCall(page, 'case.close', { caseId, nature: 'valid', overrideReason: '已解决' });
      await expect(row).toContainText('已结案');
    });
    expect.soft(closed.get + closed.list).toBe(1);

    const created = await reads.measure('another window creates a case', async () => {
      await deskCall(page, 'case.create', {
        customer: { name: '孙新来', phone: '', gender: 'female', returning: false },
        channel: 'walk_in',
        category: 'telecom.value_added',
        severity: 'general',
        account: '别的窗口新受理的投诉。',
      });
      await expect(page.locator('[data-testid="case-row"]').filter({ hasText: '孙新来' })).toBeVisible();
    });
    expect.soft(created).toEqual({ get: 0, list: 1 });

    const burst = await reads.measure('another window writes 4 times in a row', async () => {
      await deskCall(page, 'case.reopen', { caseId, reason: '再次核对' });
      for (const text of ['甲', '乙', '丙']) await deskCall(page, 'case.addNote', { caseId, text });
      await expect(row).not.toContainText('已结案');
    });
    expect.soft(burst.get).toBe(0);
    expect.soft(burst.list).toBeLessThanOrEqual(2);
  } finally {
    reads.print('Reads per action, case list:');
  }
});

test('a case opened from the list and written shows in its row without reading the list', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const reads = new ReadCounter(page);
  const handling = new HandlingPage(page);
  await enterAsAdmin(page);
  await deskCall(page, 'case.create', {
    customer: { name: '吴回列表', phone: '', gender: 'male', returning: false },
    channel: 'walk_in',
    category: 'telecom.value_added',
    severity: 'general',
    account: '从列表打开再返回的投诉。',
  });
  await page.getByTestId('nav-list').click();
  const row = page.locator('[data-testid="case-row"]').filter({ hasText: '吴回列表' });
  await expect(row).toContainText('1 · ');

  try {
    const opened = await reads.measure('open a case from the list', async () => {
      await row.click();
      await expect(handling.root()).toBeVisible();
    });
    expect.soft(opened).toEqual({ get: 1, list: 0 });

    await reads.measure('record step 1', async () => {
      await handling.tick('apologyGiven');
      await handling.choose('customerMood', '生气');
      await handling.record(2);
    });

    const back = await reads.measure('back to the list (nothing changed elsewhere)', async () => {
      await toastsGone(page);
      await handling.backToList();
      await expect(row).toContainText('2 · ');
    });
    expect.soft(back).toEqual({ get: 0, list: 0 });
  } finally {
    reads.print('Reads per action, list -> case -> list:');
  }
});
