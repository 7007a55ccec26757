/**
 * Evidence is checked against the allow-list again wherever it crosses
 * (review finding 5): a desk fetching a file from head office does not keep
 * bytes off the list, and a file is handed out (browser download, Electron
 * save, head office) as the type its bytes are, under a name whose extension
 * is that type's — never `合同.pdf.exe`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EvidenceFiles } from '../../electron/desk/features/evidence/service';
import { ContentStore } from '../../electron/desk/kernel/fileStore';
import type { SyncClient } from '../../electron/desk/sync/client';
import { fetchAttachment } from '../../electron/desk/sync/download';
import { evidenceDownloadName, evidenceServing } from '../../shared/domain/cases/evidenceType';
import { createHash } from 'node:crypto';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const store = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopdesk-serve-'));
  dirs.push(dir);
  return new ContentStore(dir);
};
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100, 0x90)]);

describe('evidenceDownloadName: the recorded name, the detected extension', () => {
  it.each([
    ['合同.pdf.exe', 'pdf', '合同.pdf'],
    ['合同.pdf', 'pdf', '合同.pdf'],
    ['receipt (1).PNG', 'png', 'receipt (1).png'],
    ['photo.jpeg', 'jpeg', 'photo.jpg'],
    ['录音.m4a', 'm4a', '录音.m4a'],
    ['scan.png', 'pdf', 'scan.pdf'], // a PDF named .png is named .pdf
    ['report.html', 'pdf', 'report.pdf'],
    ['archive.tar.gz', 'pdf', 'archive.pdf'],
    ['v1.2 final.pdf', 'pdf', 'v1.2 final.pdf'], // ".2 final" is no extension
    ['minutes 2024.11.30', 'pdf', 'minutes 2024.11.30.pdf'], // digits only: kept
    ['..\\..\\evil.exe', 'jpeg', 'evil.jpg'],
    ['a/b/c.exe', 'png', 'c.png'],
    ['\u202egnp.exe', 'png', 'gnp.png'], // right-to-left override removed
    ['a\u0000b.pdf', 'pdf', 'ab.pdf'],
    ['.pdf', 'pdf', 'evidence.pdf'],
    ['...', 'amr', 'evidence.amr'],
    ['', 'ogg', 'evidence.ogg'],
    [' 收据 . ', 'webp', '收据.webp'],
  ] as const)('%j as %s → %j', (name, format, expected) => {
    expect(evidenceDownloadName(name, format)).toBe(expected);
  });

  it('keeps a long name within 180 characters before the extension', () => {
    expect(evidenceDownloadName('照'.repeat(200), 'pdf')).toBe(`${'照'.repeat(180)}.pdf`);
  });

  it('serves the detected type, or nothing for bytes off the list', () => {
    expect(evidenceServing('合同.pdf.exe', { mime: 'application/pdf', format: 'pdf' })).toEqual({
      mime: 'application/pdf',
      fileName: '合同.pdf',
    });
    expect(evidenceServing('x.pdf', { refused: 'type' })).toBeNull();
    expect(evidenceServing('x.mp4', { refused: 'video' })).toBeNull();
    expect(evidenceServing('x.pdf', null)).toBeNull();
  });
});

describe('a stored file as the shells hand it out (EvidenceFiles.served)', () => {
  const hooks = { enqueue: () => {}, pending: () => false, fetch: async () => 'failed' as const };

  it('re-reads the type from the bytes, whatever the event said', () => {
    const files = store();
    const svc = new EvidenceFiles(files, hooks);
    files.putBytes(PDF);
    files.putBytes(EXE);
    expect(svc.served(sha(PDF), '合同.pdf.exe')).toEqual({
      path: files.pathOf(sha(PDF)),
      mime: 'application/pdf',
      fileName: '合同.pdf',
    });
    expect(svc.served(sha(EXE), '照片.jpg')).toBeNull();
    expect(svc.served('0'.repeat(64), 'x.pdf')).toBeNull();
  });
});

describe('fetchAttachment re-checks the type of what head office sends', () => {
  const client = (bytes: Uint8Array) => ({ getAttachment: async () => bytes }) as unknown as SyncClient;

  it('keeps an allowed file and refuses bytes off the list without storing them', async () => {
    const files = store();
    const lines: string[] = [];
    expect(await fetchAttachment(files, client(PDF), sha(PDF), (l) => lines.push(l))).toBe('stored');
    expect(files.has(sha(PDF))).toBe(true);
    expect(await fetchAttachment(files, client(EXE), sha(EXE), (l) => lines.push(l))).toBe('refused');
    expect(files.has(sha(EXE))).toBe(false);
    expect(lines.join('\n')).toMatch(/not an allowed type/);
  });
});
