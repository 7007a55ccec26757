/**
 * The desktop app seals an enrolled desk's plain device token with safeStorage
 * when it opens the desk, where chooseSealer (electron/main/shellPolicy.ts)
 * says this machine can seal, and leaves it plain otherwise (decision 0020).
 * Needs a real Electron: skipped with the reason printed where there is none.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { _electron as electron, expect, test } from '@playwright/test';
import { chooseSealer } from '../../electron/main/shellPolicy';
import { detectElectron, ensureBuilt, root } from './electronRuntime';

const detected = detectElectron();
if (detected.reason !== undefined) {
  console.log(`[e2e-electron] token sealing skipped: Electron runtime not installed: ${detected.reason}`);
}
test.skip(
  detected.reason !== undefined,
  `Electron runtime not installed on this machine: ${detected.reason ?? ''}`,
);

const TOKEN = 'ZTJlLWVsZWN0cm9uLXRva2VuLXNlYWxpbmctdGVzdC0wMTI';

/** Starts the app on `dataDir`, runs `during` with it, and closes it. */
async function withApp<T>(
  dataDir: string,
  during: (app: Awaited<ReturnType<typeof electron.launch>>) => Promise<T>,
): Promise<T> {
  const app = await electron.launch({
    executablePath: detected.binary,
    args: [root],
    cwd: root,
    env: { ...process.env, LOOPDESK_DATA: dataDir } as Record<string, string>,
  });
  try {
    await app.firstWindow();
    return await during(app);
  } finally {
    await app.close();
  }
}

function meta(dataDir: string, write?: Record<string, string>): string | null {
  const db = new Database(path.join(dataDir, 'loopdesk.db'));
  try {
    for (const [k, v] of Object.entries(write ?? {})) {
      db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(k, v);
    }
    const row = db.prepare("SELECT value FROM meta WHERE key = 'sync.token'").get() as
      { value: string } | undefined;
    return row?.value ?? null;
  } finally {
    db.close();
  }
}

test("an enrolled desk's plain token is sealed when the desktop app opens it, as safeStorage allows", async () => {
  test.setTimeout(240_000);
  ensureBuilt();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'loopdesk-electron-token-'));
  try {
    await withApp(dataDir, async () => undefined); // makes the desk
    meta(dataDir, { 'sync.serverUrl': 'http://127.0.0.1:9', 'sync.token': TOKEN });
    const facts = await withApp(dataDir, (app) =>
      app.evaluate(({ safeStorage }) => ({
        platform: process.platform,
        available: safeStorage.isEncryptionAvailable(),
        linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined,
      })),
    );
    const stored = meta(dataDir);
    if (chooseSealer(facts).kind === 'safeStorage') {
      expect(stored).toMatch(/^sealed:safeStorage:/);
      expect(stored).not.toContain(TOKEN);
    } else {
      expect(stored).toBe(TOKEN);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
