import { describe, expect, it } from 'vitest';
import { readImportBytes } from '../../electron/desk/features/import/read';
import { rowProblemLine } from '../../electron/desk/features/import/messages';
import { previewImport } from '../../electron/desk/features/import/preview';
import { EMPTY_MAPPING, loadMapping, rememberMapping } from '../../electron/desk/features/import/remember';
import { recogniseHeaders } from '../../shared/domain/import/fields';
import { importIds } from '../../shared/domain/import/importIds';
import { isUuidV7, uuidV7Ms } from '../../shared/domain/kernel/ids';
import { sheetOf, taxonomy, workbook } from './import-fixtures';

const NOW = Date.parse('2025-01-01T00:00:00Z');
const opts = { remembered: EMPTY_MAPPING, taxonomy, timeZone: 'Asia/Shanghai', now: NOW };
const HEAD = ['投诉日期', '客户姓名', '渠道', '投诉类别', '结案日期', '回访满意度', '性别'];

describe('headers', () => {
  it('recognises Chinese and English headers however they are written', () => {
    const r = recogniseHeaders([
      '投诉日期：',
      ' 客户 姓名 *',
      'Phone',
      'Customer Type',
      '投诉类别（小类）',
      '渠道',
      '渠道',
      '其他',
    ]);
    expect(r.mapping).toEqual({
      receivedAt: 0,
      customerName: 1,
      phone: 2,
      returning: 3,
      category: 4,
      channel: 5,
    });
    expect(r.duplicates).toEqual([{ field: 'channel', column: 6, header: '渠道' }]);
    expect(r.unmapped).toEqual([{ column: 7, header: '其他' }]);
  });
  it('a remembered header wins over the built-in ones, and null skips a column', () => {
    const r = recogniseHeaders(['登记时间', '来访者', '日期'], { 来访者: 'customerName', 日期: null });
    expect(r.mapping).toEqual({ receivedAt: 0, customerName: 1 });
  });
});

describe('rows', () => {
  it('lists every row problem with the row as Excel numbers it, the field and the cell, and keeps none of those rows', () => {
    const ws = sheetOf([
      HEAD,
      ['2024/2/30', '甲', '电话', '收费', '', '', ''],
      ['2024/3/5', '', '飞鸽', '服务态度', '', '', ''],
      ['2024/3/5', '乙', '电话', '收费', '2024/3/1', '很好', '男'],
      ['2099/1/1', '丙', '电话', '收费', '', '', '?'],
      [60, '丁', '电话', '收费', '', '', ''],
    ]);
    const p = previewImport(readImportBytes('log.xlsx', workbook({ S: ws })), opts);
    expect(p.cases).toEqual([]);
    const lines = p.problems.map((x) => rowProblemLine('zh-CN', 'log.xlsx', 'S', x));
    expect(lines).toEqual([
      '“log.xlsx” 工作表“S” 第 2 行：“投诉日期”的“2024/2/30”不是日期（日历上没有这一天）。',
      '“log.xlsx” 工作表“S” 第 3 行：“客户姓名”为空。',
      '“log.xlsx” 工作表“S” 第 3 行：“渠道”的“飞鸽”无法对应到系统中的选项，请在对应关系中指定。',
      '“log.xlsx” 工作表“S” 第 3 行：“投诉类别”的“服务态度”无法对应到系统中的选项，请在对应关系中指定。',
      '“log.xlsx” 工作表“S” 第 4 行：结案日期早于投诉日期。',
      '“log.xlsx” 工作表“S” 第 4 行：“回访满意度”的“很好”无法对应到系统中的选项，请在对应关系中指定。',
      '“log.xlsx” 工作表“S” 第 5 行：“投诉日期”的“2099/1/1”晚于现在。',
      '“log.xlsx” 工作表“S” 第 5 行：“性别”的“?”无法对应到系统中的选项，请在对应关系中指定。',
      '“log.xlsx” 工作表“S” 第 6 行：“投诉日期”的“60”不是日期（Excel 的 1900-02-29 并不存在）。',
    ]);
    expect(rowProblemLine('en', 'log.xlsx', 'S', p.problems[0]!)).toBe(
      '"log.xlsx", sheet "S", row 2: "Date received": "2024/2/30" is not a date (no such day on the calendar).',
    );
    expect(p.unknownValues.map((u) => [u.field, u.text, u.firstRow])).toEqual([
      ['channel', '飞鸽', 3],
      ['category', '服务态度', 3],
      ['satisfaction', '很好', 4],
      ['gender', '?', 5],
    ]);
  });

  it('resolutions of unknown values and defaults, from this run or remembered', () => {
    const ws = sheetOf([
      ['投诉日期', '客户姓名', '渠道', '投诉类别'],
      ['2024/3/5', '甲', '飞鸽', '服务态度'],
    ]);
    const book = readImportBytes('log.xlsx', workbook({ S: ws }));
    const store = new Map<string, string>();
    const meta = {
      get: (k: string) => store.get(k) ?? null,
      set: (k: string, v: string) => void store.set(k, v),
    };
    rememberMapping(meta, {
      values: { channel: { 飞鸽: 'letter' }, category: { 服务态度: 'property.service_attitude' } },
    });
    const p = previewImport(book, { ...opts, remembered: loadMapping(meta) });
    expect(p.problems).toEqual([]);
    expect(p.cases[0]).toMatchObject({ channel: 'letter', category: 'property.service_attitude' });
    // A resolution to a value the taxonomy does not have counts as none.
    rememberMapping(meta, { values: { category: { 服务态度: 'property.gone' } } });
    expect(previewImport(book, { ...opts, remembered: loadMapping(meta) }).unknownValues).toMatchObject([
      { field: 'category', text: '服务态度' },
    ]);
    const noChannel = readImportBytes(
      'b.xlsx',
      workbook({
        S: sheetOf([
          ['投诉日期', '客户姓名', '类别'],
          ['2024/3/5', '甲', '收费'],
        ]),
      }),
    );
    expect(previewImport(noChannel, opts).missingColumns).toEqual(['channel']);
    expect(
      previewImport(noChannel, { ...opts, mapping: { defaults: { channel: 'walk_in' } } }).cases[0]?.channel,
    ).toBe('walk_in');
  });

  it('a formula cell gives its cached value; one saved without a value is that row and field', () => {
    const ws = sheetOf([
      ['投诉日期', '客户姓名', '渠道', '投诉类别'],
      ['2024/3/5', '甲', '电话', '收费'],
      ['2024/3/6', '乙', '电话', '收费'],
    ]);
    ws.B2 = { t: 's', v: '甲', f: 'UPPER("甲")' };
    ws.B3 = { t: 'z', f: 'CONCAT("乙","")' } as typeof ws.B3;
    const p = previewImport(readImportBytes('f.xlsx', workbook({ S: ws })), opts);
    expect(p.cases.map((c) => c.customer.name)).toEqual(['甲']);
    expect(rowProblemLine('en', 'f.xlsx', 'S', p.problems[0]!)).toBe(
      '"f.xlsx", sheet "S", row 3: "Customer name" is a formula (=CONCAT("乙","")) saved without its value. Open and save the file in Excel once, or paste it as values.',
    );
  });

  it("reads a 1904 workbook's serials, an error cell, merged cells and a duplicated row", () => {
    const ws = sheetOf([
      ['投诉日期', '客户姓名', '渠道', '投诉类别', '联系电话'],
      [45356 - 1462, '甲', '电话', '收费', 13800000000],
      [45357 - 1462, '乙', '电话', '收费', null],
      [45357 - 1462, '乙', '电话', '收费', null],
      [45358 - 1462, '丙', '电话', '收费', null],
    ]);
    ws['!merges'] = [
      { s: { r: 4, c: 2 }, e: { r: 4, c: 2 } },
      { s: { r: 1, c: 4 }, e: { r: 3, c: 4 } },
    ];
    ws.B5 = { t: 'e', v: 0x2a, w: '#N/A' };
    const p = previewImport(readImportBytes('m.xlsx', workbook({ S: ws }, 'xlsx', true)), opts);
    expect(p.cases.map((c) => [c.row, c.receivedAt.slice(0, 10), c.customer.phone])).toEqual([
      [2, '2024-03-05', '13800000000'],
      [3, '2024-03-06', '13800000000'],
    ]);
    expect(p.problems.map((x) => [x.row, x.field, x.code])).toEqual([
      [4, null, 'duplicate_row'],
      [5, 'customerName', 'error_value'],
    ]);
  });
});

describe('the content key', () => {
  it('is the receipt, customer, account and original number: a differently mapped channel is the same case', () => {
    const ws = sheetOf([
      ['投诉日期', '客户姓名', '渠道', '投诉类别', '投诉原因'],
      ['2024/3/5', '甲', '电话', '收费', '年费'],
      ['2024/3/5', '甲', '柜面', '银行卡', '年费'],
      ['2024/3/5', '甲', '电话', '收费', '另一件事'],
    ]);
    const p = previewImport(readImportBytes('k.xlsx', workbook({ S: ws })), opts);
    expect(p.cases.map((c) => c.row)).toEqual([2, 4]);
    expect(p.problems).toEqual([{ row: 3, field: null, code: 'duplicate_row', params: { of: 2 } }]);
  });
});

describe('import ids', () => {
  it('are UUIDv7s at the receipt, the same for the same row content and branch, different otherwise', () => {
    const at = Date.parse('2024-03-05T06:30:00Z');
    const a = importIds('GZ01', '{"x":1}', at);
    expect(isUuidV7(a.caseId) && isUuidV7(a.eventId)).toBe(true);
    expect(uuidV7Ms(a.caseId)).toBe(at);
    expect(a.caseId).not.toBe(a.eventId);
    expect(importIds('GZ01', '{"x":1}', at)).toEqual(a);
    expect(importIds('GZ02', '{"x":1}', at).caseId).not.toBe(a.caseId);
    expect(importIds('GZ01', '{"x":2}', at).caseId).not.toBe(a.caseId);
  });
});

describe('customer level and shared customer columns (issue 14)', () => {
  const levels = [
    { value: 'standard', 'zh-CN': '普通客户', en: 'Standard' },
    { value: 'vip', 'zh-CN': '贵宾客户', en: 'VIP' },
  ];

  it('recognises their headers; 客户类型 stays new/returning', () => {
    const r = recogniseHeaders(['客户等级', '是否共享客户', '客户类型']);
    expect(r.mapping).toEqual({ customerLevel: 0, sharedCustomer: 1, returning: 2 });
    expect(recogniseHeaders(['客户级别', '交叉客户']).mapping).toEqual({
      customerLevel: 0,
      sharedCustomer: 1,
    });
  });

  it("maps a level to the organisation's list by code or name and yes/no; an unknown level is a row problem", () => {
    const ws = sheetOf([
      [...HEAD, '客户等级', '是否共享客户'],
      ['2024/3/5', '甲', '电话', '收费', '', '', '女', '贵宾客户', '是'],
      ['2024/3/6', '乙', '电话', '收费', '', '', '男', 'vip', '否'],
      ['2024/3/7', '丙', '电话', '收费', '', '', '男', '', ''],
      ['2024/3/8', '丁', '电话', '收费', '', '', '男', '钻石', ''],
    ]);
    const p = previewImport(readImportBytes('log.xlsx', workbook({ S: ws })), {
      ...opts,
      customerLevels: levels,
    });
    expect(p.cases.map((c) => [c.customer.name, c.customerLevel, c.sharedCustomer])).toEqual([
      ['甲', 'vip', true],
      ['乙', 'vip', false],
      ['丙', null, null],
    ]);
    expect(p.problems.map((x) => [x.row, x.field, x.code])).toEqual([[5, 'customerLevel', 'unknown_value']]);
  });
});
