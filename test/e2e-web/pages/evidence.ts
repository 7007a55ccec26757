/**
 * Evidence files in the e2e specs (issue 12, docs/evidence.md): a tiny valid
 * PNG and adding it to the open case through the Evidence card's file
 * chooser, as a clerk does.
 */
import { createHash } from 'node:crypto';
import { expect, type Page } from '@playwright/test';

/** A valid 1x1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** The sha256 the desk names a file by. */
export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Adds `bytes` as `name` on the open case's Evidence card (the file chooser), with a note; waits for it to show. */
export async function addEvidenceFile(
  page: Page,
  name: string,
  bytes: Buffer,
  note = '',
  mimeType = 'image/png',
): Promise<void> {
  const before = await page.getByTestId('evidence-item').count();
  await page.getByTestId('evidence-add').click();
  await page.getByTestId('evidence-file').setInputFiles({ name, mimeType, buffer: bytes });
  if (note) await page.getByTestId('evidence-note').fill(note);
  await page.getByTestId('evidence-submit').click();
  await expect(page.getByTestId('evidence-item')).toHaveCount(before + 1);
  await expect(page.getByTestId('evidence-item').filter({ hasText: name })).toHaveCount(1);
}
