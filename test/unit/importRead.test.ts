import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportFileError, readImportBytes, readImportFile } from '../../electron/desk/features/import/read';
import { fileErrorMessage } from '../../electron/desk/features/import/messages';
import { previewImport } from '../../electron/desk/features/import/preview';
import { EMPTY_MAPPING } from '../../electron/desk/features/import/remember';
import {
  LOG_ROWS,
  csvText,
  encryptedWorkbook,
  gbk,
  sheetOf,
  taxonomy,
  withMacro,
  workbook,
} from './import-fixtures';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopdesk-import-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const NOW = Date.parse('2025-01-01T00:00:00Z');
const opts = { remembered: EMPTY_MAPPING, taxonomy, timeZone: 'Asia/Shanghai', now: NOW };

function refused(f: () => unknown): ImportFileError {
  try {
    f();
  } catch (e) {
    if (e instanceof ImportFileError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe.each(['xlsx', 'xls'] as const)('a hand-kept %s log', (kind) => {
  const book = readImportBytes(
    `投诉登记.${kind}`,
    workbook({ 封面: sheetOf([['说明']]), '2023': sheetOf(LOG_ROWS) }, kind),
  );

  it('finds the sheet and header row below a title, maps Chinese headers and reads each row', () => {
    expect(book.kind).toBe(kind);
    const p = previewImport(book, opts);
    expect(p.sheet).toBe('2023');
    expect(p.headerRow).toBe(3);
    expect(p.columns.find((c) => c.header === '是否一次解决')?.field).toBe('fcr');
    expect(p.columns.find((c) => c.header === '备注')?.field).toBeNull();
    expect(p.problems).toEqual([]);
    expect(p.cases).toHaveLength(3);
    const [a, b, c] = p.cases;
    expect(a).toMatchObject({
      row: 4,
      receivedAt: '2024-03-05T14:30:00+08:00',
      customer: { name: '张三', phone: '13800138000', gender: 'male', returning: true },
      region: '朝阳',
      channel: 'phone',
      category: 'banking.fees',
      severity: 'general',
      status: 'closed',
      fcr: true,
      satisfaction: 4,
    });
    expect(b).toMatchObject({
      row: 5,
      channel: 'walk_in',
      category: 'banking.cards',
      status: 'in_progress',
      fcr: null,
    });
    expect(b?.customer).toMatchObject({ gender: 'female', returning: false, phone: '010-88886666' });
    expect(c).toMatchObject({
      receivedAt: '2024-03-07T00:00:00+08:00',
      channel: 'social_media',
      satisfaction: 2,
      fcr: false,
    });
  });
});

describe('CSV logs in both encodings', () => {
  const text = csvText(LOG_ROWS.slice(2));
  it.each([
    ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]), 'utf-8-bom'],
    ['UTF-8', new TextEncoder().encode(text), 'utf-8'],
    ['GBK', gbk(text), 'gb18030'],
  ])('%s', (_name, bytes, encoding) => {
    const book = readImportBytes('log.csv', bytes);
    expect(book.encoding).toBe(encoding);
    const p = previewImport(book, opts);
    expect(p.problems).toEqual([]);
    expect(p.cases.map((c) => c.customer.name)).toEqual(['张三', '李四', '王五']);
    expect(p.cases[0]?.receivedAt).toBe('2024-03-05T14:30:00+08:00');
  });
  it('a GBK sample decodes', () => {
    expect(
      readImportBytes('x.csv', gbk('投诉日期,客户姓名\r\n2024/3/5,张三')).sheets[0]?.rows[1]?.cells,
    ).toEqual(['2024/3/5', '张三']);
  });
  it('keeps a quoted multi-line complaint in one cell', () => {
    const p = previewImport(
      readImportBytes(
        'x.csv',
        new TextEncoder().encode(
          '投诉日期,客户姓名,渠道,类别,投诉原因\n2024/3/5,张三,电话,收费,"第一行\n第二行"\n',
        ),
      ),
      opts,
    );
    expect(p.cases[0]?.account).toBe('第一行\n第二行');
  });
});

describe('bad inputs are refused with the file named', () => {
  const good = workbook({ S: sheetOf(LOG_ROWS) });
  const zh = (e: ImportFileError) => fileErrorMessage('zh-CN', e);
  const en = (e: ImportFileError) => fileErrorMessage('en', e);

  it('a truncated workbook', () => {
    const e = refused(() => readImportBytes('半截.xlsx', good.subarray(0, good.length >> 1)));
    expect(e.problem).toBe('malformed');
    expect(zh(e)).toContain('“半截.xlsx”');
    expect(en(e)).toContain('damaged or incomplete');
  });
  it('a truncated XLS and garbage under a workbook name', () => {
    const xls = workbook({ S: sheetOf(LOG_ROWS) }, 'xls');
    expect(refused(() => readImportBytes('a.xls', xls.subarray(0, 600))).problem).toBe('malformed');
    expect(refused(() => readImportBytes('b.xlsx', new TextEncoder().encode('not a workbook'))).problem).toBe(
      'malformed',
    );
  });
  it('a password-protected workbook', () => {
    const e = refused(() => readImportBytes('加密.xlsx', encryptedWorkbook()));
    expect(e.problem).toBe('encrypted');
    expect(zh(e)).toContain('“加密.xlsx”设有打开密码');
  });
  it('a macro-laden workbook, by content and by name', () => {
    expect(refused(() => readImportBytes('宏.xlsx', withMacro(good))).problem).toBe('macro');
    const file = path.join(dir, 'log.xlsm');
    fs.writeFileSync(file, good);
    const e = refused(() => readImportFile(file));
    expect(e.problem).toBe('macro');
    expect(en(e)).toContain('"log.xlsm" contains macros');
  });
  it('a file over the size limit, before it is read', () => {
    const file = path.join(dir, 'big.csv');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 100 * 1024 * 1024);
    const e = refused(() => readImportFile(file));
    expect(e.problem).toBe('too_large');
    expect(zh(e)).toContain('“big.csv”有 100 MB');
  });
  it('another file type, a missing file, a broken CSV quote, bytes in no encoding', () => {
    const pdf = path.join(dir, 'a.pdf');
    fs.writeFileSync(pdf, '%PDF');
    expect(refused(() => readImportFile(pdf)).problem).toBe('unsupported_type');
    expect(refused(() => readImportFile(path.join(dir, 'none.xlsx'))).problem).toBe('not_found');
    const q = refused(() =>
      readImportBytes('q.csv', new TextEncoder().encode('投诉日期,客户姓名\n2024/3/5,"张三\n')),
    );
    expect(q.problem).toBe('malformed');
    expect(zh(q)).toContain('第 2 行');
    expect(refused(() => readImportBytes('e.csv', new Uint8Array([0xff, 0xfe, 0x00, 0xd8]))).problem).toBe(
      'bad_encoding',
    );
  });
  it('a sheet without the needed headers is previewed for mapping; a sheet that is not there is refused', () => {
    // No row names a field: the row with most text cells is the header; nothing is checked.
    const book = readImportBytes(
      'x.xlsx',
      workbook({
        汇总: sheetOf([
          ['月份', '件数'],
          ['1月', 3],
        ]),
      }),
    );
    const p = previewImport(book, opts);
    expect(p.headerRow).toBe(1);
    expect(p.columns).toEqual([
      { column: 0, header: '月份', field: null },
      { column: 1, header: '件数', field: null },
    ]);
    expect(p.missingRequired).toEqual(['receivedAt', 'customerName']);
    expect([p.rows, p.cases.length, p.problems.length]).toEqual([1, 0, 0]);
    const s = refused(() => previewImport(book, { ...opts, sheet: '2024' }));
    expect(en(s)).toBe('File "x.xlsx" has no sheet named "2024". It has: 汇总.');
  });
  it('a header naming some fields is the header row, under a title; the mapping completes it', () => {
    const book = readImportBytes(
      'v.csv',
      new TextEncoder().encode(
        '2024年来访登记表\n日期,来访者,电话,投诉原因\n2024/3/5,张三,13800138000,年费\n',
      ),
    );
    const p = previewImport(book, opts);
    expect(p.headerRow).toBe(2);
    expect(p.columns.map((c) => c.field)).toEqual(['receivedAt', null, 'phone', 'account']);
    expect(p.missingRequired).toEqual(['customerName']);
    expect(p.cases).toHaveLength(0);
    const mapped = previewImport(book, { ...opts, mapping: { headers: { 来访者: 'customerName' } } });
    expect(mapped.missingRequired).toEqual([]);
    // The rows are checked now: only the channel and category the sheet lacks stop the row.
    expect(mapped.problems.map((x) => [x.row, x.field, x.code])).toEqual([
      [3, 'channel', 'required'],
      [3, 'category', 'required'],
    ]);
  });
  it('a sheet with no text in its first rows is refused, naming the sheet', () => {
    const book = readImportBytes(
      'n.xlsx',
      workbook({
        数字: sheetOf([
          [1, 2],
          [3, 4],
        ]),
      }),
    );
    const e = refused(() => previewImport(book, opts));
    expect(e.problem).toBe('no_header');
    expect(zh(e)).toContain('工作表“数字”的前 20 行中没有任何文字');
    expect(en(e)).toContain('sheet "数字": the first 20 rows hold no text');
  });
});
