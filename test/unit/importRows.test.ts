import { describe, expect, it } from 'vitest';
import type * as XLSX from '@e965/xlsx';
import { readImportBytes } from '../../electron/desk/features/import/read';
import { rowProblemLine } from '../../electron/desk/features/import/messages';
import { previewImport } from '../../electron/desk/features/import/preview';
import { EMPTY_MAPPING, loadMapping, rememberMapping } from '../../electron/desk/features/import/remember';
import { recogniseHeaders } from '../../shared/domain/import/fields';
import { readGender } from '../../shared/domain/import/values';
import { importIds } from '../../shared/domain/import/importIds';
import { contentKey } from '../../shared/domain/import/rows';
import { isUuidV7, uuidV7Ms } from '../../shared/domain/kernel/ids';
import { firstTextProblemIn } from '../../shared/domain/kernel/text';
import { csvText, sheetOf, taxonomy, workbook } from './import-fixtures';

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
  it('reads a compound header by its last word, as Chinese names a thing (投诉人电话 is a phone)', () => {
    expect(recogniseHeaders(['投诉日期', '投诉人', '投诉人电话']).mapping).toMatchObject({
      customerName: 1,
      phone: 2,
    });
    expect(recogniseHeaders(['投诉日期', '客户姓名', '客户联系电话']).mapping).toMatchObject({
      customerName: 1,
      phone: 2,
    });
    expect(recogniseHeaders(['联系人', '联系人电话', '客户地区']).mapping).toEqual({
      customerName: 0,
      phone: 1,
      region: 2,
    });
    // A number or code of the customer is not the customer's name: left for the mapping screen.
    const r = recogniseHeaders(['投诉日期', '客户号', '客户编号', '客户姓名']);
    expect(r.mapping).toMatchObject({ customerName: 3 });
    expect(r.unmapped.map((u) => u.header)).toEqual(['客户号', '客户编号']);
  });

  it('a column named exactly takes its field before one that only starts or ends with its word, wherever it stands', () => {
    // 客户经理 (the relationship manager) only starts with 客户; 处理日期 only ends with 日期.
    const r = recogniseHeaders(['序号', '处理日期', '客户经理', '投诉日期', '客户姓名', '联系电话']);
    expect(r.mapping).toMatchObject({ receivedAt: 3, customerName: 4, phone: 5 });
    expect(r.duplicates).toEqual([
      { field: 'receivedAt', column: 1, header: '处理日期' },
      { field: 'customerName', column: 2, header: '客户经理' },
    ]);
    // With no exact column, the loose one still counts.
    expect(recogniseHeaders(['处理日期', '客户经理']).mapping).toMatchObject({
      receivedAt: 0,
      customerName: 1,
    });
  });

  it('knows 是否办结 as the status header, and 男士 as 女士 is known', () => {
    expect(readGender('男士')).toEqual(readGender('男'));
    expect(readGender('女士')).toEqual(readGender('女'));
    expect(recogniseHeaders(['投诉日期', '客户姓名', '处理结果', '是否办结']).mapping).toMatchObject({
      result: 2,
      status: 3,
    });
  });

  it('a remembered header wins over the built-in ones, and null skips a column', () => {
    const r = recogniseHeaders(['登记时间', '来访者', '日期'], { 来访者: 'customerName', 日期: null });
    expect(r.mapping).toEqual({ receivedAt: 0, customerName: 1 });
  });
});

describe('sheets', () => {
  it('takes the sheet with text over an empty first one when no header is recognised, so its columns can be mapped', () => {
    const book = readImportBytes(
      'log.xlsx',
      workbook({
        Sheet1: sheetOf([]),
        登记: sheetOf([
          ['时候', '来访者'],
          ['2024/3/5', '张三'],
        ]),
      }),
    );
    const p = previewImport(book, opts);
    expect(p.sheet).toBe('登记');
    expect(p.missingRequired).toEqual(['receivedAt', 'customerName']);
  });
});

describe('phones kept as numbers', () => {
  it('keeps the leading zero a zero-padded number format shows, so the XLSX and its CSV are the same cases', () => {
    const ws = sheetOf([
      ['投诉日期', '客户姓名', '联系电话', '渠道', '投诉类别'],
      ['2024/3/5', '张三', 2088886666, '电话', '收费'],
    ]);
    (ws['C2'] as XLSX.CellObject).z = '00000000000';
    const x = previewImport(readImportBytes('log.xlsx', workbook({ S: ws })), opts);
    const csv = '投诉日期,客户姓名,联系电话,渠道,投诉类别\r\n2024/3/5,张三,02088886666,电话,收费';
    const c = previewImport(readImportBytes('log.csv', new TextEncoder().encode(csv)), opts);
    expect(c.cases[0]?.customer.phone).toBe('02088886666');
    expect(x.cases[0]?.customer.phone).toBe('02088886666');
    expect(contentKey(x.cases[0]!)).toBe(contentKey(c.cases[0]!));
  });
  it('reads a phone typed in full-width (an input method in full-width mode) as its half-width digits', () => {
    const csv =
      '投诉日期,客户姓名,联系电话,渠道,投诉类别\r\n2024/3/5,张三,１３８００１３８０００,电话,收费\r\n' +
      '2024/3/5,李四,（０２０）８８８８６６６６－１２,电话,收费';
    const c = previewImport(readImportBytes('log.csv', new TextEncoder().encode(csv)), opts);
    expect(c.problems).toEqual([]);
    expect(c.cases.map((x) => x.customer.phone)).toEqual(['13800138000', '(020)88886666-12']);
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
    // A default the taxonomy does not have (typed wrong, or a remembered one since removed) counts as none.
    const wrong = previewImport(noChannel, {
      ...opts,
      mapping: { defaults: { channel: 'no_such_channel' } },
    });
    expect(wrong.cases).toEqual([]);
    expect(wrong.problems[0]).toMatchObject({ field: 'channel', code: 'required' });
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

describe('rows with nothing to import', () => {
  it('skips a row numbered ahead or a dragged formula (nothing in a column read) as an empty row, not as a problem row', () => {
    const ws = sheetOf([
      ['序号', '投诉日期', '客户姓名', '渠道', '投诉类别', '备注列'],
      [1, '2024/3/5', '张三', '电话', '收费', ''],
      [2, '', '', '', '', ''],
      [3, null, '  ', null, null, 'x'],
      [4, '', '李四', '', '', ''],
    ]);
    const p = previewImport(readImportBytes('log.xlsx', workbook({ S: ws })), opts);
    expect(p.rows).toBe(2);
    expect(p.cases.map((c) => c.row)).toEqual([2]);
    // A row with something in a column read still lists what it lacks.
    expect([...new Set(p.problems.map((x) => x.row))]).toEqual([5]);
  });
});

describe('dates and text no case can hold', () => {
  it('refuses a date before 1990 (a serial 3.5, a year in a date cell, 1969/12/31) as a problem of its row and field', () => {
    const ws = sheetOf([
      HEAD,
      [3.5, '甲', '电话', '收费', '', '', ''],
      ['1969/12/31', '乙', '电话', '收费', '', '', ''],
      [2024, '丙', '电话', '收费', '', '', ''],
      ['2024/3/5', '丁', '电话', '收费', 5, '', ''],
      ['1990/1/1', '戊', '电话', '收费', '', '', ''],
    ]);
    const p = previewImport(readImportBytes('log.xlsx', workbook({ S: ws })), opts);
    expect(p.cases.map((c) => [c.row, c.receivedAt])).toEqual([[6, '1990-01-01T00:00:00+08:00']]);
    expect(p.problems.map((x) => rowProblemLine('zh-CN', 'log.xlsx', 'S', x))).toEqual([
      '“log.xlsx” 工作表“S” 第 2 行：“投诉日期”的“3.5”读作 1900-01-03，早于 1990-01-01，不像投诉记录的日期（多半是填错了，或把数字当成了日期）。',
      '“log.xlsx” 工作表“S” 第 3 行：“投诉日期”的“1969/12/31”读作 1969-12-31，早于 1990-01-01，不像投诉记录的日期（多半是填错了，或把数字当成了日期）。',
      '“log.xlsx” 工作表“S” 第 4 行：“投诉日期”的“2024”读作 1905-07-16，早于 1990-01-01，不像投诉记录的日期（多半是填错了，或把数字当成了日期）。',
      '“log.xlsx” 工作表“S” 第 5 行：“结案日期”的“5”读作 1900-01-05，早于 1990-01-01，不像投诉记录的日期（多半是填错了，或把数字当成了日期）。',
    ]);
    expect(rowProblemLine('en', 'log.xlsx', 'S', p.problems[0]!)).toBe(
      '"log.xlsx", sheet "S", row 2: "Date received": "3.5" reads as 1900-01-03, before 1990-01-01, too early for a complaint log (most likely a slip, or a number taken for a date).',
    );
  });

  it('refuses a cell with a control character (BEL, ESC, C1) naming row, field and character; a vertical tab from Word is a line break', () => {
    const rows = [
      ['投诉日期', '客户姓名', '渠道', '投诉类别', '投诉原因', '处理结果'],
      ['2024/3/5', '张三', '电话', '收费', '卡被吞\u000b第二行', ''],
      ['2024/3/6', '李四\u0007', '电话', '收费', '年费', '已退\u001b[31m'],
      ['2024/3/7', '王五', '电话', '收费', '乱码\u0085\u009b', ''],
      ['2024/3/8\u007f', '赵六', '电话', '收费', '', ''],
    ];
    const sources = [
      ['log.xlsx', workbook({ S: sheetOf(rows) })],
      ['log.csv', new TextEncoder().encode(csvText(rows))],
    ] as const;
    for (const [name, bytes] of sources) {
      const p = previewImport(readImportBytes(name, bytes), opts);
      expect(
        p.cases.map((c) => [c.row, c.account]),
        name,
      ).toEqual([[2, '卡被吞\n第二行']]);
      expect(firstTextProblemIn(p.cases)).toBeNull();
      expect(p.problems.map((x) => [x.row, x.field, x.code])).toEqual([
        [3, 'customerName', 'bad_text'],
        [3, 'result', 'bad_text'],
        [4, 'account', 'bad_text'],
        [5, 'receivedAt', 'bad_text'],
      ]);
      expect(rowProblemLine('zh-CN', name, 'S', p.problems[1]!)).toBe(
        `“${name}” 工作表“S” 第 3 行：“处理结果”的第 3 个字符（U+001B ESC）是不能保存的不可见字符，多见于从其他系统复制来的文字。请在 Excel 中删去它（CLEAN 函数可以）后再导入。`,
      );
      expect(rowProblemLine('en', name, 'S', p.problems[2]!)).toBe(
        `"${name}", sheet "S", row 4: "Complaint": character 3 (U+0085) is an invisible character that cannot be stored, often left by text copied from another system. Delete it in Excel (the CLEAN function does) and import again.`,
      );
    }
  });

  it('a closing date without a time on the day of receipt closes the case at its receipt', () => {
    const ws = sheetOf([
      ['投诉时间', '客户姓名', '渠道', '投诉类别', '处理结果', '结案日期'],
      ['2024/3/5 14:30', '张三', '柜面', '收费', '当场退还年费', '2024/3/5'],
      [45356.6041666667, '李四', '柜面', '收费', '当场解释', 45356],
      ['2024/3/5 14:30', '王五', '柜面', '收费', '解释', '2024/3/6'],
      ['2024/3/5', '钱七', '柜面', '收费', '解释', '2024/3/5 9:00'],
      ['2024/3/5 14:30', '孙八', '柜面', '收费', '解释', '2024/3/5 9:00'],
      ['2024/3/5 14:30', '周九', '柜面', '收费', '解释', '2024/3/4'],
    ]);
    const p = previewImport(readImportBytes('log.xlsx', workbook({ S: ws })), opts);
    expect(p.cases.map((c) => [c.row, c.receivedAt, c.closedAt])).toEqual([
      [2, '2024-03-05T14:30:00+08:00', '2024-03-05T14:30:00+08:00'],
      [3, '2024-03-05T14:30:00+08:00', '2024-03-05T14:30:00+08:00'],
      [4, '2024-03-05T14:30:00+08:00', '2024-03-06T00:00:00+08:00'],
      [5, '2024-03-05T00:00:00+08:00', '2024-03-05T09:00:00+08:00'],
    ]);
    expect(p.problems.map((x) => [x.row, x.field, x.code])).toEqual([
      [6, 'closedAt', 'closed_before_received'],
      [7, 'closedAt', 'closed_before_received'],
    ]);
  });
});

describe('instants with a zone of their own', () => {
  it('reads ISO text with Z or an offset (a CRM export) on the branch clock; a zone on a plain date is still refused', () => {
    const ws = sheetOf([
      ['投诉时间', '客户姓名', '渠道', '投诉类别', '处理结果', '结案日期'],
      ['2024-03-05T06:30:00Z', '张三', '柜面', '收费', '解释', '2024-03-05T07:00:00.123456Z'],
      ['2024-03-05T14:30:00+08:00', '李四', '柜面', '收费', '解释', '2024-03-05 20:00-0500'],
      ['2024-03-05T23:30:00z', '王五', '柜面', '收费', '解释', ''],
      ['2024-03-05Z', '钱七', '柜面', '收费', '解释', ''],
      ['2024-12-31T23:00:00Z', '孙八', '柜面', '收费', '解释', ''],
      ['2025-01-01T08:00:01+08:00', '周九', '柜面', '收费', '解释', ''],
      // Not on the calendar: refused, not rolled over to 1 March or 1 May.
      ['2023-02-29T10:00:00Z', '吴十', '柜面', '收费', '解释', ''],
      ['2024-04-30T24:00:00+08:00', '郑一', '柜面', '收费', '解释', '2024-04-31T10:00:00Z'],
    ]);
    const p = previewImport(readImportBytes('log.xlsx', workbook({ S: ws })), opts);
    expect(p.cases.map((c) => [c.row, c.receivedAt, c.closedAt])).toEqual([
      [2, '2024-03-05T14:30:00+08:00', '2024-03-05T15:00:00+08:00'],
      [3, '2024-03-05T14:30:00+08:00', '2024-03-06T09:00:00+08:00'],
      [4, '2024-03-06T07:30:00+08:00', null],
      // The instant of 23:00 UTC is the next morning in Shanghai.
      [6, '2025-01-01T07:00:00+08:00', null],
    ]);
    expect(p.problems.map((x) => [x.row, x.field, x.code])).toEqual([
      [5, 'receivedAt', 'bad_date'],
      [7, 'receivedAt', 'future_date'],
      [8, 'receivedAt', 'bad_date'],
      [9, 'receivedAt', 'bad_date'],
      [9, 'closedAt', 'bad_date'],
    ]);
    expect(p.problems.filter((x) => x.row >= 8).map((x) => x.params?.problem)).toEqual([
      'no_such_date',
      'no_such_date',
      'no_such_date',
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
  it('never throw for an instant UUIDv7 cannot hold: it is written at the nearest end of its range', () => {
    for (const at of [Date.parse('1900-01-03T04:00:00Z'), -1, Number.NaN, 2 ** 48, 1.5]) {
      const ids = importIds('GZ01', '{"x":1}', at);
      expect(isUuidV7(ids.caseId) && isUuidV7(ids.eventId), String(at)).toBe(true);
      expect(importIds('GZ01', '{"x":1}', at)).toEqual(ids);
    }
    expect(uuidV7Ms(importIds('GZ01', '{"x":1}', -1).caseId)).toBe(0);
    expect(uuidV7Ms(importIds('GZ01', '{"x":1}', 2 ** 48).caseId)).toBe(2 ** 48 - 1);
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
