/**
 * `npm run cli -- import --file F [--sheet S] [--dry-run] [--mapping JSON]`:
 * import a branch's hand-kept complaint log (XLSX, XLS or CSV; issue 13 item
 * 2, docs/import.md). `--dry-run` reads and checks every row, lists each
 * problem with its row and field and the values the taxonomy does not know,
 * and stores nothing. Progress on stderr; Ctrl+C cancels (nothing stored).
 *
 * Exit codes: 0 every row can be imported, 1 a row has a problem or the file
 * is refused, 2 bad usage, 130 cancelled.
 */
import path from 'node:path';
import { z } from 'zod';
import type { Locale } from '../../shared/domain/kernel/locale';
import {
  fileErrorMessage,
  ImportFileError,
  MappingUpdateSchema,
  previewImportFile,
  rowProblemLine,
  type ImportPreview,
  type MappingUpdate,
} from '../desk';
import { ProgressBar } from './progress';
import { CliExit } from './staff';

export const IMPORT_USAGE = `  import --file <文件> [--sheet <工作表>] [--dry-run] [--mapping <JSON>]
            导入手工登记的投诉台账（.xlsx、.xls、.csv）；--dry-run 只检查并列出每行的问题，不保存
            Import a hand-kept complaint log (.xlsx, .xls, .csv); --dry-run checks it,
            lists every row's problem and stores nothing
            --mapping 例 / e.g. '{"headers":{"来访者":"customerName"},"values":{"channel":{"飞鸽":"letter"}},"defaults":{"channel":"walk_in"}}'`;

export interface ImportOptions {
  file?: string;
  sheet?: string;
  'dry-run'?: boolean;
  mapping?: string;
  lang?: string;
}

function localeOf(opts: ImportOptions): Locale {
  const lang = opts.lang ?? process.env.LANG ?? '';
  return lang.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

function parseMapping(text: string | undefined): MappingUpdate | undefined {
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliExit('--mapping 不是有效的 JSON / --mapping is not valid JSON.', 2);
  }
  const parsed = MappingUpdateSchema.safeParse(json);
  if (!parsed.success) {
    throw new CliExit(
      `--mapping 的内容有误 / --mapping is not a valid mapping:\n${z.prettifyError(parsed.error)}`,
      2,
    );
  }
  return parsed.data;
}

function report(p: ImportPreview, locale: Locale, out: (line: string) => void): void {
  const zh = locale === 'zh-CN';
  out(
    zh
      ? `文件“${p.file}”${p.encoding ? `（编码 ${p.encoding}）` : ''}，工作表“${p.sheet}”，表头在第 ${p.headerRow} 行。`
      : `File "${p.file}"${p.encoding ? ` (encoding ${p.encoding})` : ''}, sheet "${p.sheet}", header on row ${p.headerRow}.`,
  );
  for (const c of p.columns) out(`  ${c.header} → ${c.field ?? (zh ? '（不导入）' : '(not imported)')}`);
  if (p.missingColumns.length > 0) {
    out(
      zh
        ? `缺少这些列且没有默认值：${p.missingColumns.join('、')}（用 --mapping 的 defaults 指定）。`
        : `No column and no default for: ${p.missingColumns.join(', ')} (give them in --mapping's defaults).`,
    );
  }
  for (const line of p.problems.map((x) => rowProblemLine(locale, p.file, p.sheet, x))) out(line);
  if (p.unknownValues.length > 0) {
    out(
      zh
        ? '无法对应的值（用 --mapping 的 values 指定）：'
        : "Values matching no option (resolve them in --mapping's values):",
    );
    for (const u of p.unknownValues) {
      out(
        zh
          ? `  ${u.field}：“${u.text}” ${u.count} 行，首见第 ${u.firstRow} 行`
          : `  ${u.field}: "${u.text}" in ${u.count} rows, first on row ${u.firstRow}`,
      );
    }
  }
  const bad = new Set(p.problems.map((x) => x.row)).size;
  out(
    zh
      ? `共 ${p.rows} 行：可导入 ${p.cases.length} 行，有问题 ${bad} 行。`
      : `${p.rows} rows: ${p.cases.length} can be imported, ${bad} have problems.`,
  );
}

/** Runs the verb; throws CliExit for usage errors (2) and refusals (1). */
export async function importCommand(
  dataDir: string,
  opts: ImportOptions,
  out: (line: string) => void,
): Promise<number> {
  if (opts.file === undefined || opts.file.trim() === '')
    throw new CliExit('缺少 --file / --file is required.', 2);
  const mapping = parseMapping(opts.mapping);
  const locale = localeOf(opts);
  if (!opts['dry-run']) {
    throw new CliExit(
      '这一版只能检查台账（--dry-run），写入案件将在下一版提供。 / This version checks a log only (--dry-run); writing the cases comes in the next version.',
      1,
    );
  }
  const bar = new ProgressBar(process.stderr, '行 / rows');
  const abort = new AbortController();
  const onInterrupt = (): void => {
    if (abort.signal.aborted) process.exit(130);
    bar.note('正在取消…（再按一次 Ctrl+C 立即退出） / Cancelling… (press Ctrl+C again to quit at once)');
    abort.abort();
  };
  process.on('SIGINT', onInterrupt);
  let preview: ImportPreview;
  try {
    preview = await previewImportFile({
      dataDir,
      file: path.resolve(opts.file),
      sheet: opts.sheet,
      mapping,
      signal: abort.signal,
      onProgress: (done, total) => {
        if (total > 0) bar.update(done, total);
      },
    });
  } catch (e) {
    bar.end();
    if (abort.signal.aborted) {
      process.stderr.write('已取消，未保存任何内容。 / Cancelled; nothing was stored.\n');
      return 130;
    }
    if (e instanceof ImportFileError) {
      throw new CliExit(`${fileErrorMessage('zh-CN', e)}\n${fileErrorMessage('en', e)}`, 1);
    }
    throw e;
  } finally {
    process.off('SIGINT', onInterrupt);
    bar.end();
  }
  report(preview, locale, out);
  return preview.problems.length > 0 || preview.missingColumns.length > 0 ? 1 : 0;
}
