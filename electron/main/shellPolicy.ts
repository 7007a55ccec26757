/**
 * Pure decisions of the Electron shell about what a build offers (the
 * application menu) and how it keeps the device token (safeStorage or not).
 * Like ./policy, no Electron at run time here (types only): test/unit/shellPolicy.test.ts
 * runs these in plain Node; main.ts and ./safeStorageSealer.ts wire them to Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuContext {
  /** app.isPackaged: an installed build, not `npm start`. */
  packaged: boolean;
  platform: NodeJS.Platform;
}

/**
 * Roles that reach the renderer's internals: DevTools, and reloads (a reload
 * drops the signed-in session's in-memory state and is a developer's tool).
 * A packaged build's menu contains none of them, nor a role whose default
 * submenu holds them (`viewMenu`).
 */
export const DEVELOPER_MENU_ROLES: readonly NonNullable<MenuItemConstructorOptions['role']>[] = [
  'toggleDevTools',
  'reload',
  'forceReload',
  'viewMenu',
];

/**
 * The application menu, or null for none. Packaged on Windows and Linux: no
 * menu bar at all. Packaged on macOS: the app, Edit (copy and paste need it
 * there) and Window menus only. Unpackaged (`npm start`): the same plus View,
 * with reload and DevTools, for development.
 */
export function appMenuTemplate({ packaged, platform }: MenuContext): MenuItemConstructorOptions[] | null {
  const mac = platform === 'darwin';
  if (packaged && !mac) return null;
  const menu: MenuItemConstructorOptions[] = [];
  if (mac) menu.push({ role: 'appMenu' });
  else menu.push({ role: 'fileMenu' });
  menu.push({ role: 'editMenu' });
  if (!packaged) menu.push({ role: 'viewMenu' });
  menu.push({ role: 'windowMenu' });
  return menu;
}

/** What the shell learns from Electron's safeStorage once the app is ready. */
export interface SafeStorageFacts {
  platform: NodeJS.Platform;
  /** safeStorage.isEncryptionAvailable(). */
  available: boolean;
  /** safeStorage.getSelectedStorageBackend() on Linux; undefined elsewhere. */
  linuxBackend?: string;
}

export type SealerChoice = { kind: 'safeStorage' } | { kind: 'plain'; reason: string };

/**
 * Whether the device token may be sealed with safeStorage. On Linux without a
 * keyring (backend `basic_text`) safeStorage "encrypts" with a key hard-coded
 * in Chromium: that is not sealed, and calling it so would mislead, so the
 * desk keeps the token as browser mode does (in its owner-only data directory)
 * and says why. `unknown` means asked before 'ready': also refused.
 */
export function chooseSealer(facts: SafeStorageFacts): SealerChoice {
  if (!facts.available) return { kind: 'plain', reason: 'safeStorage reports encryption is not available' };
  if (
    facts.platform === 'linux' &&
    (facts.linuxBackend === 'basic_text' || facts.linuxBackend === 'unknown')
  ) {
    return {
      kind: 'plain',
      reason: `no keyring: safeStorage's Linux backend is ${facts.linuxBackend}, which is not a secret store`,
    };
  }
  return { kind: 'safeStorage' };
}
