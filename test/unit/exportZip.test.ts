/**
 * The XLSX's zip (electron/desk/features/exports/zip.ts, native deflate):
 * read back by independent readers, SheetJS and fflate's unzip, with the
 * sheets rolled over; and a sheet past the ZIP64 threshold (injected small
 * here; 4 GiB in a real export) gets ZIP64 sizes that both still read.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { FileSink } from '../../electron/desk/features/exports/sink';
import { XlsxWriter } from '../../electron/desk/features/exports/xlsx';

const dir = mkdtempSync(path.join(tmpdir(), 'loopdesk-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function workbook(name: string, zip64Above?: number): Promise<Buffer> {
  const file = path.join(dir, name);
  const sink = new FileSink(file);
  const w = new XlsxWriter(sink, { sheetName: (n) => `表${n}`, cutMarker: '…', rowLimit: 3, zip64Above });
  w.begin(['编号', '处理记录']);
  for (let i = 0; i < 5; i++) {
    const rolled = w.row([`GZ-${i}`, `第一行 ${i}\n第二行 <&> "引号"`]);
    if (rolled) await rolled;
    if (i % 2 === 1) await w.flush();
  }
  await w.end();
  await sink.close();
  return readFileSync(file);
}

function rows(bytes: Buffer): string[][][] {
  const wb = XLSX.read(bytes, { type: 'buffer' });
  expect(wb.SheetNames).toEqual(['表1', '表2', '表3']);
  return wb.SheetNames.map((n) => XLSX.utils.sheet_to_json<string[]>(wb.Sheets[n]!, { header: 1 }));
}

const expected = [
  [
    ['编号', '处理记录'],
    ['GZ-0', '第一行 0\n第二行 <&> "引号"'],
    ['GZ-1', '第一行 1\n第二行 <&> "引号"'],
  ],
  [
    ['编号', '处理记录'],
    ['GZ-2', '第一行 2\n第二行 <&> "引号"'],
    ['GZ-3', '第一行 3\n第二行 <&> "引号"'],
  ],
  [
    ['编号', '处理记录'],
    ['GZ-4', '第一行 4\n第二行 <&> "引号"'],
  ],
];

describe('the XLSX zip', () => {
  it('reads back with SheetJS and fflate, every part there', async () => {
    const bytes = await workbook('plain.xlsx');
    expect(rows(bytes)).toEqual(expected);
    const parts = unzipSync(bytes);
    expect(Object.keys(parts).sort()).toEqual(
      [
        '[Content_Types].xml',
        '_rels/.rels',
        'xl/_rels/workbook.xml.rels',
        'xl/styles.xml',
        'xl/workbook.xml',
        'xl/worksheets/sheet1.xml',
        'xl/worksheets/sheet2.xml',
        'xl/worksheets/sheet3.xml',
      ].sort(),
    );
    // No ZIP64 end record in a small file.
    expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(false);
  });

  it('gives a sheet past the threshold ZIP64 sizes, still read by both', async () => {
    const bytes = await workbook('zip64.xlsx', 100);
    expect(rows(bytes)).toEqual(expected);
    expect(Object.keys(unzipSync(bytes))).toHaveLength(8);
    // The ZIP64 end record and its locator are there, and a ZIP64 extra field (id 0x0001, 16 bytes).
    expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true);
    expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07]))).toBe(true);
    expect(bytes.includes(Buffer.from([0x01, 0x00, 0x10, 0x00]))).toBe(true);
  });
});
