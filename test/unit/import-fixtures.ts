/** Real-world-shaped complaint logs for the import tests, built with SheetJS (@e965/xlsx). */
import { unzipSync, zipSync } from 'fflate';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import taxonomyJson from '../../resources/taxonomy/default.json';
import type { ImportTaxonomy } from '../../shared/domain/import/values';

export const taxonomy: ImportTaxonomy = taxonomyJson as ImportTaxonomy;

/** A branch's 2023 log: a title row, a blank row, then the header (as hand-kept sheets are). */
export const LOG_ROWS: (string | number | null)[][] = [
  ['2023年客户投诉登记表（朝阳支行）'],
  [],
  [
    '序号',
    '投诉日期',
    '客户姓名',
    '联系电话',
    '性别',
    '新/老客户',
    '地区',
    '渠道',
    '投诉类别',
    '投诉原因',
    '处理结果',
    '是否一次解决',
    '回访满意度',
    '备注',
  ],
  [
    1,
    45356.6041666667,
    '张三',
    13800138000,
    '男',
    '老客户',
    '朝阳',
    '电话',
    '银行/收费',
    '年费未告知',
    '已退年费',
    '是',
    '满意',
    '',
  ],
  [2, '2024/3/6', '李四', '010-88886666', '女', '新', '海淀', '柜面', '银行卡', '卡被吞', '', '', '', ''],
  [
    3,
    '2024年3月7日',
    '王五',
    '13900000000',
    '先生',
    '老',
    '朝阳',
    '抖音',
    '收费',
    '手续费高',
    '解释说明',
    '否',
    '不满意',
    '',
  ],
];

export function sheetOf(rows: (string | number | null)[][]): XLSX.WorkSheet {
  return XLSX.utils.aoa_to_sheet(rows);
}

export function workbook(
  sheets: Record<string, XLSX.WorkSheet>,
  bookType: 'xlsx' | 'xls' = 'xlsx',
  date1904 = false,
): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const [name, ws] of Object.entries(sheets)) XLSX.utils.book_append_sheet(wb, ws, name);
  if (date1904) wb.Workbook = { ...(wb.Workbook ?? {}), WBProps: { date1904: true } };
  return new Uint8Array(
    XLSX.write(wb, { type: 'buffer', bookType: bookType === 'xls' ? 'biff8' : 'xlsx' }) as Buffer,
  );
}

export function csvText(rows: (string | number | null)[][]): string {
  return rows
    .map((r) =>
      r
        .map((c) =>
          c === null ? '' : /[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c),
        )
        .join(','),
    )
    .join('\r\n');
}

export const gbk = (text: string): Uint8Array => new Uint8Array(iconv.encode(text, 'gbk'));

/** An XLSX with a macro part added (as Excel saves a .xlsm). */
export function withMacro(xlsx: Uint8Array): Uint8Array {
  const parts = unzipSync(xlsx);
  parts['xl/vbaProject.bin'] = new Uint8Array(
    XLSX.CFB.write(XLSX.CFB.utils.cfb_new(), { type: 'buffer' }) as Buffer,
  );
  return zipSync(parts);
}

/** A password-protected workbook as Excel writes it: a CFB holding EncryptionInfo and EncryptedPackage. */
export function encryptedWorkbook(): Uint8Array {
  const c = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(c, '/EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
  XLSX.CFB.utils.cfb_add(c, '/EncryptedPackage', Buffer.alloc(4096, 7));
  return new Uint8Array(XLSX.CFB.write(c, { type: 'buffer' }) as Buffer);
}
