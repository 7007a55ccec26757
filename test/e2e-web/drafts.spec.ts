/**
 * Nothing typed is lost (issue 10, decision 0026): a half-typed intake
 * survives going to the case list and back, a reload and a restart of the
 * desk, with a notice on leaving and a mark on 登记投诉; a note and a reopen
 * reason survive navigation; a second clerk on the same desk does not see
 * the first clerk's draft. Runs on a host of its own (pages/ownHost.ts),
 * which it restarts on the same data directory.
 */
import { expect, test, type Page } from '@playwright/test';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import type { Draft } from '../../shared/contract/methods/drafts';
import { chooseOption, selectRoot } from './pages/common';
import { deskCall, enterAsAdmin, toastsGone } from './pages/desk';
import { useOwnHost } from './pages/ownHost';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 15_000, viewport: { width: 1366, height: 768 } });

const PIN = '135790';
const TYPED = {
  name: '赵女士',
  phone: '13912345678',
  category: '增值业务订购',
  account: '客户称上月被开通了',
};

const host = useOwnHost('loopdesk-e2e-drafts-');

async function signInAs(page: Page, login: string, name: string): Promise<void> {
  await toastsGone(page);
  if (await page.getByTestId('app-header').isVisible()) await new Shell(page).signOut();
  await new SignInPage(page).signIn(login, PIN);
  await expect(page.getByTestId('header-staff')).toContainText(name);
}

/** Waits until the desk holds the draft `key` (the store writes ~300 ms after the last keystroke). */
async function draftStored(page: Page, key: string): Promise<void> {
  await expect
    .poll(async () => (await deskCall<Draft[]>(page, 'draft.list', {})).map((d) => d.key))
    .toContain(key);
}

const notice = (page: Page, text: string) => page.locator('.ant-message-notice', { hasText: text });

async function expectIntakeRestored(page: Page): Promise<void> {
  await expect(page.getByTestId('intake-page')).toBeVisible();
  await expect(page.getByTestId('intake-name')).toHaveValue(TYPED.name);
  await expect(page.getByTestId('intake-phone')).toHaveValue(TYPED.phone);
  await expect(selectRoot(page, 'intake-category')).toContainText(TYPED.category);
  await expect(page.getByTestId('intake-account')).toHaveValue(TYPED.account);
}

test('a half-typed intake survives the case list, a reload and a restart, for its clerk only', async ({
  page,
}) => {
  await enterAsAdmin(page, host.url);
  for (const [name, login] of [
    ['甲柜员', 'jia'],
    ['乙柜员', 'yi'],
  ]) {
    await deskCall(page, 'staff.create', { name, login, role: 'counter', secretKind: 'pin', secret: PIN });
  }
  await signInAs(page, 'jia', '甲柜员');

  await page.getByTestId('nav-new').click();
  await expect(page.getByTestId('intake-page')).toBeVisible();
  await expect(page.getByTestId('nav-new-draft')).toHaveCount(0);
  await page.getByTestId('intake-name').fill(TYPED.name);
  await page.getByTestId('intake-phone').fill(TYPED.phone);
  await chooseOption(page, selectRoot(page, 'intake-category'), TYPED.category);
  await page.getByTestId('intake-account').fill(TYPED.account);

  // Away to the list: the clerk is told what was kept, and 登记投诉 carries a mark.
  await page.getByTestId('nav-list').click();
  await expect(page.getByTestId('intake-page')).toBeHidden();
  await expect(notice(page, '草稿已保留：新投诉')).toBeVisible();
  await expect(page.getByTestId('nav-new-draft')).toBeVisible();
  await page.getByTestId('nav-new').click();
  await expectIntakeRestored(page);

  // A reload (the session stays in this tab).
  await draftStored(page, 'intake');
  await page.reload();
  await expectIntakeRestored(page);

  // A restart of the desk: a new host process on the same data, signed in anew.
  await host.restart();
  await page.goto(`${host.url}/#/cases`);
  await new SignInPage(page).signIn('jia', PIN);
  await expect(page.getByTestId('nav-new-draft')).toBeVisible();
  await page.getByTestId('nav-new').click();
  await expectIntakeRestored(page);

  // Another clerk at the same desk sees none of it.
  await signInAs(page, 'yi', '乙柜员');
  await expect(page.getByTestId('nav-new-draft')).toHaveCount(0);
  await page.getByTestId('nav-new').click();
  await expect(page.getByTestId('intake-page')).toBeVisible();
  await expect(page.getByTestId('intake-name')).toHaveValue('');
  await expect(page.getByTestId('intake-account')).toHaveValue('');
  expect(await deskCall<Draft[]>(page, 'draft.list', {})).toEqual([]);

  // Back to the first clerk: still there; recording the case drops it.
  await signInAs(page, 'jia', '甲柜员');
  await page.getByTestId('nav-new').click();
  await expectIntakeRestored(page);
  await page.getByTestId('intake-account').press('Control+Enter');
  await expect(page.getByTestId('handling-page')).toBeVisible();
  await expect(page.getByTestId('nav-new-draft')).toHaveCount(0);
  await expect.poll(async () => (await deskCall<Draft[]>(page, 'draft.list', {})).length).toBe(0);
  await page.getByTestId('nav-new').click();
  await expect(page.getByTestId('intake-name')).toHaveValue('');
});

test('a note and a reopen reason survive going elsewhere and coming back', async ({ page }) => {
  await enterAsAdmin(page, host.url);
  const input = {
    customer: { name: '钱先生', phone: '13700001111', gender: 'male', returning: false },
    channel: 'walk_in',
    category: 'banking.fees',
    severity: 'general',
    account: '客户称年费被重复扣收。',
  };
  const open = await deskCall<CaseDetail>(page, 'case.create', input);
  const closed = await deskCall<CaseDetail>(page, 'case.create', input);
  await deskCall(page, 'case.close', { caseId: closed.id, nature: 'valid', overrideReason: '客户撤诉' });

  // A note half typed, then the list, then back.
  await page.goto(`${host.url}/#/cases/${open.id}`);
  await page.getByTestId('note-input').fill('客户下午三点再来');
  await page.getByTestId('nav-list').click();
  await expect(notice(page, `草稿已保留：${open.number} 的备注`)).toBeVisible();
  await page.goto(`${host.url}/#/cases/${open.id}`);
  await expect(page.getByTestId('note-input')).toHaveValue('客户下午三点再来');
  // Reloaded while the save is still owed: the browser asks first, and the save goes out on the way.
  const asked: string[] = [];
  page.on('dialog', (d) => {
    asked.push(d.type());
    void d.accept();
  });
  await page.getByTestId('note-input').press('End');
  await page.keyboard.type('，带身份证');
  await page.reload();
  expect(asked).toEqual(['beforeunload']);
  await expect(page.getByTestId('note-input')).toHaveValue('客户下午三点再来，带身份证');
  await page.getByTestId('note-submit').click();
  await expect(page.getByTestId('note-input')).toHaveValue('');
  await expect
    .poll(async () => (await deskCall<Draft[]>(page, 'draft.list', {})).map((d) => d.key))
    .not.toContain(`note:${open.id}`);

  // A reopen reason half typed, the dialog cancelled, the list, back, a reload.
  await page.goto(`${host.url}/#/cases/${closed.id}`);
  await page.getByTestId('case-reopen').click();
  await page.getByTestId('reopen-dialog-reason').fill('客户来电表示仍未退款');
  await page
    .getByTestId('reopen-dialog')
    .getByRole('button', { name: /取\s*消/ })
    .click();
  await expect(notice(page, `草稿已保留：${closed.number} 的重开原因`)).toBeVisible();
  await page.getByTestId('nav-list').click();
  await page.goto(`${host.url}/#/cases/${closed.id}`);
  await page.getByTestId('case-reopen').click();
  await expect(page.getByTestId('reopen-dialog-reason')).toHaveValue('客户来电表示仍未退款');
  await draftStored(page, `reopen:${closed.id}`);
  await page.reload();
  await page.getByTestId('case-reopen').click();
  await expect(page.getByTestId('reopen-dialog-reason')).toHaveValue('客户来电表示仍未退款');
  await page.getByTestId('reopen-dialog-ok').click();
  await expect(page.getByTestId('case-reopen')).toBeHidden();
  await expect
    .poll(async () => (await deskCall<Draft[]>(page, 'draft.list', {})).map((d) => d.key))
    .not.toContain(`reopen:${closed.id}`);

  // The notice in English.
  await new Shell(page).switchTo('en');
  await page.getByTestId('note-input').fill('Call back at three');
  await page.getByTestId('nav-list').click();
  await expect(notice(page, `Draft kept: note on ${closed.number}`)).toBeVisible();
});
