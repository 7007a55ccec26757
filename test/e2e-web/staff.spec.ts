/**
 * Settings → Staff (issue 8): an administrator adds a counter clerk, disables
 * them (the clerk can no longer sign in and is told the account is disabled),
 * enables them again, resets their PIN and promotes them to supervisor with a
 * 6-digit PIN; a counter clerk sees no Staff entry; anyone changes their own
 * PIN from the top bar. Runs a browser-mode host of its own, so its first-run
 * setup (an administrator PIN of 6 digits) leaves the shared desk alone.
 * Set LOOPDESK_SHOTS_DIR to keep screenshots (1366x768, zh-CN and English)
 * of the staff list, the add dialog and the change-own-PIN dialog. A second
 * desk shows what another desk set up apart and a forgery leave behind: a
 * login shared by two enabled records, and staff events kept without effect.
 */
import { ownHost, useOwnHost } from './pages/ownHost';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { eventHash } from '../../shared/domain/kernel/hash';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import { newId } from '../../shared/domain/kernel/ids';
import { openDesk } from '../../electron/desk/index';
import { hashSecret } from '../../electron/desk/features/staff/credentials';
import { chooseOption, selectRoot } from './pages/common';
import { toastsGone } from './pages/desk';
import { SetupPage } from './pages/SetupPage';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 15_000, viewport: { width: 1366, height: 768 } });

const SHOTS = process.env.LOOPDESK_SHOTS_DIR ?? '';
const ADMIN = { name: '陈管理员', login: 'chen', pin: '246810' };

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.mouse.move(5, 760);
  await page.screenshot({ path: path.join(SHOTS, name) });
}

const row = (page: Page, login: string) => page.locator(`[data-testid="staff-row"][data-login="${login}"]`);

/** The validation message under the form field holding `testId`. */
function fieldError(page: Page, testId: string): Locator {
  return page
    .locator('.ant-form-item')
    .filter({ has: page.getByTestId(testId) })
    .locator('.ant-form-item-explain-error');
}

async function openStaff(page: Page): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('nav-staff').click();
  await expect(page.getByTestId('staff-page')).toBeVisible();
  await expect(page).toHaveURL(/#\/settings\/staff$/);
}

async function signInAs(page: Page, login: string, secret: string): Promise<void> {
  await new SignInPage(page).signIn(login, secret);
}

/** Adds a staff member through the dialog, by keyboard: Enter in the last field submits. */
async function addStaff(page: Page, name: string, login: string, role: string | null, pin: string) {
  await page.getByTestId('staff-add').click();
  const dialog = page.getByTestId('staff-add-dialog').getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('staff-add-name')).toBeFocused();
  await page.getByTestId('staff-add-name').fill(name);
  await page.getByTestId('staff-add-login').fill(login);
  if (role) await chooseOption(page, selectRoot(page, 'staff-add-role'), role);
  await page.getByTestId('staff-add-secret').fill(pin);
  await page.getByTestId('staff-add-secret-confirm').fill(pin);
  await page.getByTestId('staff-add-secret-confirm').press('Enter');
  await expect(dialog).toBeHidden();
  await expect(row(page, login)).toBeVisible();
}

const host = useOwnHost('loopdesk-e2e-staff-');

test('an administrator adds, disables, enables, resets and promotes a counter clerk', async ({ page }) => {
  await page.goto(host.url);
  const setup = new SetupPage(page);
  await setup.expectShown();
  await setup.complete({
    branchName: '深圳福田营业厅',
    branchCode: 'SZ',
    deviceCode: '01',
    adminName: ADMIN.name,
    adminLogin: ADMIN.login,
    pin: ADMIN.pin,
  });
  const shell = new Shell(page);
  await shell.expectSignedIn(ADMIN.name, '管理员');

  await openStaff(page);
  await expect(row(page, ADMIN.login).getByTestId('staff-role')).toHaveText('管理员');
  await expect(page.getByTestId('staff-flags-empty')).toBeVisible();

  // The core's refusal lands on its field: a login already in use.
  await page.getByTestId('staff-add').click();
  await expect(page.getByTestId('staff-add-name')).toBeFocused();
  await page.getByTestId('staff-add-name').fill('张柜员');
  await page.getByTestId('staff-add-login').fill(ADMIN.login);
  await page.getByTestId('staff-add-secret').fill('1357');
  await page.getByTestId('staff-add-secret-confirm').fill('1357');
  await shot(page, 'staff-add-zh.png');
  await page.getByTestId('staff-add-secret-confirm').press('Enter');
  await expect(fieldError(page, 'staff-add-login')).toHaveText(`登录名“${ADMIN.login}”已被使用，请换一个。`);
  await expect(page.getByTestId('staff-add-login')).toBeFocused();
  // Esc closes the dialog; nothing was added.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('staff-add-dialog').getByRole('dialog')).toBeHidden();
  await expect(page.getByTestId('staff-row')).toHaveCount(1);

  await addStaff(page, '张柜员', 'zhang', null, '1357');
  await expect(row(page, 'zhang').getByTestId('staff-role')).toHaveText('柜面');
  await expect(row(page, 'zhang').getByTestId('staff-state')).toHaveText('启用');
  await addStaff(page, '王柜员', 'wang', '柜面', '1111');

  // Disable with a required reason.
  await row(page, 'zhang').getByTestId('staff-disable').click();
  await expect(page.getByTestId('staff-disable-dialog-reason')).toBeFocused();
  await expect(page.getByTestId('staff-disable-dialog-ok')).toBeDisabled();
  await page.getByTestId('staff-disable-dialog-reason').fill('离职');
  await page.getByTestId('staff-disable-dialog-ok').click();
  await expect(row(page, 'zhang').getByTestId('staff-state')).toHaveText('已停用');
  await toastsGone(page);
  await shot(page, 'staff-list-zh.png');

  // The disabled clerk cannot sign in, and is told why.
  await shell.signOut();
  await page.getByTestId('signin-login').fill('zhang');
  await page.getByTestId('signin-secret').fill('1357');
  await page.getByTestId('signin-secret').press('Enter');
  // Told under the login it concerns (issue 10: sign-in errors sit under their field, not in a toast).
  await expect(fieldError(page, 'signin-login')).toContainText('此账号已被停用，请联系管理员。');
  await expect(page.getByTestId('signin-screen')).toBeVisible();
  await page.reload();

  // Enable again, reset the PIN.
  await signInAs(page, ADMIN.login, ADMIN.pin);
  await openStaff(page);
  await row(page, 'zhang').getByTestId('staff-enable').click();
  await page.getByTestId('staff-enable-dialog-ok').click();
  await expect(row(page, 'zhang').getByTestId('staff-state')).toHaveText('启用');
  await row(page, 'zhang').getByTestId('staff-reset').click();
  await expect(page.getByTestId('staff-reset-secret')).toBeFocused();
  await page.getByTestId('staff-reset-secret').fill('8642');
  await page.getByTestId('staff-reset-secret-confirm').fill('8642');
  await page.getByTestId('staff-reset-secret-confirm').press('Enter');
  await expect(page.getByTestId('staff-reset-dialog').getByRole('dialog')).toBeHidden();

  // Promote to supervisor: a 6-digit PIN is asked for, and a 4-digit one refused.
  await row(page, 'zhang').getByTestId('staff-change-role').click();
  await chooseOption(page, selectRoot(page, 'staff-role-select'), '主管');
  await expect(page.getByTestId('staff-role-needs-secret')).toBeVisible();
  await page.getByTestId('staff-role-secret').fill('8642');
  await page.getByTestId('staff-role-secret-confirm').fill('8642');
  await page.getByTestId('staff-role-secret-confirm').press('Enter');
  await expect(fieldError(page, 'staff-role-secret')).toHaveText('主管和管理员的 PIN 须为 6–12 位数字');
  await page.getByTestId('staff-role-secret').fill('135790');
  await page.getByTestId('staff-role-secret-confirm').fill('135790');
  await page.getByTestId('staff-role-secret-confirm').press('Enter');
  await expect(page.getByTestId('staff-role-dialog').getByRole('dialog')).toBeHidden();
  await expect(row(page, 'zhang').getByTestId('staff-role')).toHaveText('主管');

  // The promoted supervisor signs in with the new PIN; settings, but no Staff tab.
  await shell.signOut();
  await signInAs(page, 'zhang', '135790');
  await shell.expectSignedIn('张柜员', '主管');
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-page')).toBeVisible();
  await expect(page.getByTestId('nav-staff')).toHaveCount(0);
  await shell.signOut();
});

test('a counter clerk sees no Staff entry and changes their own PIN', async ({ page }) => {
  await page.goto(host.url);
  await signInAs(page, 'wang', '1111');
  const shell = new Shell(page);
  await shell.expectSignedIn('王柜员', '柜面');
  await expect(page.getByTestId('nav-settings')).toHaveCount(0);
  await expect(page.getByTestId('nav-staff')).toHaveCount(0);
  await page.goto(`${host.url}/#/settings/staff`);
  await expect(page.getByTestId('staff-forbidden')).toBeVisible();

  // From their name in the top bar, by keyboard; the current PIN then has the focus.
  await page.getByTestId('change-own-secret').focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('own-secret-dialog').getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('own-secret-current')).toBeFocused();
  await page.getByTestId('own-secret-current').fill('0000');
  await page.getByTestId('own-secret-secret').fill('2580');
  await page.getByTestId('own-secret-secret-confirm').fill('2580');
  await shot(page, 'staff-own-secret-zh.png');
  await page.getByTestId('own-secret-secret-confirm').press('Enter');
  await expect(fieldError(page, 'own-secret-current')).toHaveText('当前密码（PIN）不正确。');
  await page.getByTestId('own-secret-current').fill('1111');
  await page.getByTestId('own-secret-current').press('Enter');
  await expect(dialog).toBeHidden();

  await shell.signOut();
  await page.getByTestId('signin-login').fill('wang');
  await page.getByTestId('signin-secret').fill('1111');
  await page.getByTestId('signin-secret').press('Enter');
  await expect(fieldError(page, 'signin-secret')).toBeVisible();
  await page.reload();
  await signInAs(page, 'wang', '2580');
  await shell.expectSignedIn('王柜员', '柜面');
});

test('the staff screens in English', async ({ page }) => {
  await page.goto(host.url);
  await signInAs(page, ADMIN.login, ADMIN.pin);
  const shell = new Shell(page);
  await shell.switchTo('en');
  await openStaff(page);
  await expect(page.getByTestId('nav-staff')).toHaveText('Staff');
  await expect(row(page, 'zhang').getByTestId('staff-role')).toHaveText('Supervisor');
  await shot(page, 'staff-list-en.png');
  await page.getByTestId('staff-add').click();
  await page.getByTestId('staff-add-name').fill('Liu Wei');
  await page.getByTestId('staff-add-login').fill('liu');
  await shot(page, 'staff-add-en.png');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('staff-add-dialog').getByRole('dialog')).toBeHidden();
  await page.getByTestId('change-own-secret').click();
  await expect(page.getByTestId('own-secret-current')).toBeFocused();
  await shot(page, 'staff-own-secret-en.png');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('own-secret-dialog').getByRole('dialog')).toBeHidden();
  // The other tab: the sync and maintenance settings, under the same bar.
  await page.getByTestId('nav-settings-sync').click();
  await expect(page.getByTestId('settings-page')).toBeVisible();
  await expect(page).toHaveURL(/#\/settings$/);
  await shot(page, 'settings-tabs-en.png');
});

/** A staff event as another desk of the branch would send it. */
function remoteEvent(
  device: string,
  ms: number,
  staffId: string,
  type: string,
  payload: unknown,
  actor: string,
): EventEnvelope {
  const body = {
    id: newId(),
    stream: `staff:${staffId}`,
    type,
    schema: 1,
    hlc: formatHlc(ms, 0),
    device,
    branch: 'SZ',
    actor,
    payload,
  };
  return { ...body, hash: eventHash(body) };
}

test('a shared login and staff events kept without effect are shown to the administrator', async ({
  page,
}) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopdesk-e2e-staff-flags-'));
  const desk = openDesk({ dataDir: dir, sync: false });
  try {
    const setup = await desk.call(
      'desk.setup',
      {
        branchCode: 'SZ',
        branchName: '深圳福田营业厅',
        deviceCode: '01',
        admin: { name: ADMIN.name, login: ADMIN.login, secretKind: 'pin', secret: ADMIN.pin },
      },
      { session: null, locale: 'zh-CN' },
    );
    expect(setup.ok).toBe(true);
    // Desk 02 was set up apart with the same admin login, and its clerk forged an administrator.
    const other = '0196f3a0-0000-7000-8000-0000000000b2';
    const otherAdmin = newId();
    const clerk = newId();
    const forged = newId();
    const credential = await hashSecret('pin', '97531024', null);
    const now = Date.now();
    const r = desk.appendEvents([
      remoteEvent(
        other,
        now - 3000,
        otherAdmin,
        'staff.created',
        {
          name: '周管理员',
          login: ADMIN.login,
          role: 'admin',
          credential,
        },
        otherAdmin,
      ),
      remoteEvent(
        other,
        now - 2000,
        clerk,
        'staff.created',
        {
          name: '吴柜员',
          login: 'wu',
          role: 'counter',
          credential,
        },
        otherAdmin,
      ),
      remoteEvent(
        other,
        now - 1000,
        forged,
        'staff.created',
        {
          name: '假管理员',
          login: 'boss',
          role: 'admin',
          credential,
        },
        clerk,
      ),
    ]);
    expect(r.accepted).toBe(3);
  } finally {
    desk.close();
  }
  const own = await ownHost(dir);
  try {
    await page.goto(own.url);
    await signInAs(page, ADMIN.login, ADMIN.pin);
    await openStaff(page);
    await expect(page.getByTestId('staff-shared-alert')).toBeVisible();
    await expect(page.getByTestId('staff-shared-mark')).toHaveCount(2);
    const flag = page.getByTestId('staff-flag');
    await expect(flag).toHaveCount(1);
    await expect(flag).toContainText('添加员工');
    await expect(flag).toContainText('（未建立的新记录）');
    await expect(flag).toContainText('吴柜员（wu）');
    await expect(flag).toContainText('操作人当时没有这个权限');
    await toastsGone(page);
    await shot(page, 'staff-flags-zh.png');
    await new Shell(page).switchTo('en');
    await expect(flag).toContainText('Made without the authority');
    await shot(page, 'staff-flags-en.png');
  } finally {
    await own.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
