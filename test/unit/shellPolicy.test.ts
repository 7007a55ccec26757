/**
 * The Electron shell's build-dependent decisions, in plain Node: no DevTools
 * (menu or webPreferences) in a packaged build, and when the device token may
 * be called sealed by safeStorage (electron/main/shellPolicy.ts, policy.ts).
 */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from '../../electron/main/policy';
import { DEVELOPER_MENU_ROLES, appMenuTemplate, chooseSealer } from '../../electron/main/shellPolicy';

/** Every role in a menu template, submenus included. */
function rolesOf(items: readonly MenuItemConstructorOptions[] | null): string[] {
  const out: string[] = [];
  for (const item of items ?? []) {
    if (item.role) out.push(item.role);
    if (Array.isArray(item.submenu)) out.push(...rolesOf(item.submenu));
  }
  return out;
}

const PLATFORMS: NodeJS.Platform[] = ['darwin', 'win32', 'linux'];

describe('appMenuTemplate', () => {
  it.each(PLATFORMS)('a packaged build on %s offers no DevTools or reload', (platform) => {
    const roles = rolesOf(appMenuTemplate({ packaged: true, platform }));
    for (const role of DEVELOPER_MENU_ROLES) expect(roles).not.toContain(role);
    // Only roles whose default submenus hold nothing for developers.
    for (const role of roles) expect(['appMenu', 'editMenu', 'windowMenu']).toContain(role);
  });

  it('has no menu bar at all when packaged on Windows and Linux', () => {
    expect(appMenuTemplate({ packaged: true, platform: 'win32' })).toBeNull();
    expect(appMenuTemplate({ packaged: true, platform: 'linux' })).toBeNull();
  });

  it('keeps Edit on macOS, where copy and paste need it', () => {
    expect(rolesOf(appMenuTemplate({ packaged: true, platform: 'darwin' }))).toContain('editMenu');
  });

  it.each(PLATFORMS)('npm start on %s keeps the View menu (reload, DevTools)', (platform) => {
    expect(rolesOf(appMenuTemplate({ packaged: false, platform }))).toContain('viewMenu');
  });
});

describe('secureWebPreferences devTools', () => {
  it('turns DevTools off in a packaged build and when the caller does not say', () => {
    expect(secureWebPreferences('/p.cjs', { packaged: true }).devTools).toBe(false);
    expect(secureWebPreferences('/p.cjs').devTools).toBe(false);
  });

  it('leaves them on for npm start, with every other setting as strict', () => {
    const dev = secureWebPreferences('/p.cjs', { packaged: false });
    expect(dev.devTools).toBe(true);
    expect({ ...dev, devTools: false }).toEqual(secureWebPreferences('/p.cjs', { packaged: true }));
  });
});

describe('chooseSealer', () => {
  it('seals with safeStorage on macOS and Windows when encryption is available', () => {
    expect(chooseSealer({ platform: 'darwin', available: true })).toEqual({ kind: 'safeStorage' });
    expect(chooseSealer({ platform: 'win32', available: true })).toEqual({ kind: 'safeStorage' });
  });

  it('seals on Linux with a real keyring', () => {
    for (const backend of ['gnome_libsecret', 'kwallet5', 'kwallet6']) {
      expect(chooseSealer({ platform: 'linux', available: true, linuxBackend: backend })).toEqual({
        kind: 'safeStorage',
      });
    }
  });

  it("refuses Linux's basic_text backend (a hard-coded key) and an unknown one as sealing", () => {
    for (const backend of ['basic_text', 'unknown']) {
      const choice = chooseSealer({ platform: 'linux', available: true, linuxBackend: backend });
      expect(choice.kind).toBe('plain');
      if (choice.kind === 'plain') expect(choice.reason).toContain(backend);
    }
  });

  it('keeps the token plain, saying why, when safeStorage is not available', () => {
    const choice = chooseSealer({ platform: 'win32', available: false });
    expect(choice).toMatchObject({ kind: 'plain', reason: expect.stringContaining('not available') });
  });
});
