/**
 * The Electron shell: app lifecycle, one window, nothing else. Everything the
 * app does lives in the desk core (electron/desk) behind DeskApi.
 *
 * The renderer is served from the custom `app://loopdesk/` scheme rather than
 * file:// — see docs/decisions: file:// pages share one opaque origin with
 * every file on disk, which makes CSP 'self', navigation checks and the IPC
 * sender check meaningless; app:// gives the app a real origin of its own.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  BrowserWindow,
  Menu,
  Notification,
  app,
  dialog,
  net,
  powerMonitor,
  protocol,
  session,
} from 'electron';
import { defaultDataDir, openDesk, type DeskCore } from '../desk';

import { alertNotice } from './alertNotice';
import { registerDeskIpc } from './ipc';
import { APP_ORIGIN, APP_SCHEME, rendererRelativePath } from './policy';
import { CONTENT_SECURITY_POLICY } from '../../shared/contract/security';
import { hardenSession, installAppWideGuards, secureWebPreferences } from './security';
import { safeStorageSealer } from './safeStorageSealer';
import { electronPdfPrinter } from './pdfPrinter';
import { appMenuTemplate } from './shellPolicy';

// Must run before 'ready'.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let desk: DeskCore | null = null;
let mainWindow: BrowserWindow | null = null;
let stopIpc: (() => void) | null = null;
let stopNotices: (() => void) | null = null;

/** Root of the app: the folder (or asar) holding package.json, dist/ and dist-electron/. */
function appRoot(): string {
  return app.getAppPath();
}

function rendererDir(): string {
  return path.join(appRoot(), 'dist', 'renderer');
}

function resourcesDir(): string {
  // Packaged: extraResources copies resources/ next to app.asar.
  if (app.isPackaged && typeof process.resourcesPath === 'string') {
    const packaged = path.join(process.resourcesPath, 'resources');
    if (existsSync(packaged)) return packaged;
  }
  return path.join(appRoot(), 'resources');
}

function registerAppProtocol(): void {
  const root = rendererDir();
  protocol.handle(APP_SCHEME, async (request) => {
    const rel = rendererRelativePath(request.url);
    if (rel === null) return new Response('Not found', { status: 404 });
    const file = path.join(root, ...rel.split('/'));
    if (!existsSync(file)) return new Response('Not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}

function showFatal(titleZh: string, titleEn: string, detail: string): void {
  dialog.showErrorBox(`${titleZh} / ${titleEn}`, detail);
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    title: 'Loopdesk 闭环服务台',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(path.join(__dirname, 'preload.cjs'), { packaged: app.isPackaged }),
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

/** Deadline alerts raised while the window is not in front become OS notifications (./alertNotice.ts). */
function notifyAlerts(core: DeskCore): () => void {
  return core.subscribe((e) => {
    const notice = alertNotice(e, mainWindow?.isFocused() === true && !mainWindow.isMinimized());
    if (notice === null || !Notification.isSupported()) return;
    const n = new Notification({ title: notice.title, body: notice.body });
    n.on('click', () => {
      if (!mainWindow) return;
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    });
    n.show();
  });
}

function shutdown(): void {
  stopNotices?.();
  stopNotices = null;
  stopIpc?.();
  stopIpc = null;
  try {
    desk?.close();
  } catch {
    // Closing twice or after a failed open is harmless.
  }
  desk = null;
}

async function start(): Promise<void> {
  const dataDir = defaultDataDir();
  const sealing = safeStorageSealer();
  if (sealing.sealer === null) console.warn(`[shell] device token kept unsealed: ${sealing.reason}`);
  try {
    desk = openDesk({
      dataDir,
      resourcesDir: resourcesDir(),
      appVersion: app.getVersion(),
      secretSealer: sealing.sealer ?? undefined,
      pdfPrinter: electronPdfPrinter(),
    });
  } catch (e) {
    showFatal(
      '无法打开服务台数据',
      'Could not open the desk data',
      `${dataDir}\n\n${e instanceof Error ? e.message : String(e)}`,
    );
    app.exit(1);
    return;
  }
  if (!existsSync(path.join(rendererDir(), 'index.html'))) {
    showFatal(
      'Loopdesk 界面尚未构建',
      'The Loopdesk interface is not built',
      '请运行 npm run build 后重试。 / Run npm run build, then start again.',
    );
    shutdown();
    app.exit(1);
    return;
  }
  hardenSession(session.defaultSession);
  registerAppProtocol();
  stopIpc = registerDeskIpc(desk, APP_ORIGIN);
  stopNotices = notifyAlerts(desk);
  // After sleep, background services' timers are stale and the line may be back: sweep them
  // now (sync's sweep runs a sync at once, which also tells whether head office answers).
  powerMonitor.on('resume', () => void desk?.sweep());
  // No DevTools or reload in an installed build (decision 0020).
  const menu = appMenuTemplate({ packaged: app.isPackaged, platform: process.platform });
  Menu.setApplicationMenu(menu === null ? null : Menu.buildFromTemplate(menu));
  mainWindow = createWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another Loopdesk is running on this machine; it will bring its window forward.
  app.quit();
} else {
  installAppWideGuards(APP_ORIGIN);
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (desk && BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
  app.on('will-quit', shutdown);
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      showFatal('Loopdesk 启动失败', 'Loopdesk failed to start', e instanceof Error ? e.message : String(e));
      shutdown();
      app.exit(1);
    });
}
