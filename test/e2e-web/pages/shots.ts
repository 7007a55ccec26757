import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { test, type Page } from '@playwright/test';
import { toastsGone } from './desk';

/**
 * A screenshot of the page as it stands (the confirmations faded first),
 * attached to the test's report, and kept in LOOPDESK_SHOTS_DIR when it is
 * set. `top`: the main area scrolled to its top first.
 */
export async function reportShot(page: Page, name: string, opts: { top?: boolean } = {}): Promise<void> {
  const info = test.info();
  await toastsGone(page);
  if (opts.top) await page.evaluate(() => document.getElementById('ld-main')?.scrollTo({ top: 0 }));
  const file = info.outputPath(name);
  await page.screenshot({ path: file });
  await info.attach(name, { path: file, contentType: 'image/png' });
  const dir = process.env.LOOPDESK_SHOTS_DIR ?? '';
  if (dir) {
    mkdirSync(dir, { recursive: true });
    copyFileSync(file, path.join(dir, name));
  }
}
