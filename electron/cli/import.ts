/**
 * `npm run cli -- import --file F [--sheet S] [--dry-run] [--mapping JSON]`:
 * import a branch's hand-kept complaint log (XLSX, XLS or CSV; issue 13 item
 * 2, docs/import.md). `--dry-run` reads and checks every row, lists each
 * problem with its row and field and the values the taxonomy does not know,
 * and stores nothing. Progress on stderr; Ctrl+C cancels (nothing stored).
 *
 * Without `--dry-run` it writes the cases (./importWrite.ts): as the
 * supervisor or administrator `--as <login>`, who proves their secret, through
 * DeskApi's import.start like the import screen; rows with a problem are
 * listed and left out; `--remember` keeps this run's mapping.
 *
 * Exit codes: 0 every row can be imported (or was), 1 a row has a problem or
 * the file is refused, 2 bad usage, 130 cancelled.
 */
import path from 'node:path';
import { z } from 'zod';
import type { Locale } from '../../shared/domain/kernel/locale';
import {
  fileErrorMessage,
  ImportFileError,
  MappingUpdateSchema,
  previewImportFile,
  type ImportPreview,
  type MappingUpdate,
} from '../desk';
import { ProgressBar } from './progress';
import { CliExit } from './staff';
import { writeImport } from './importWrite';
import { report } from './importReport';

export const IMPORT_USAGE = `  import --file <文件> [--sheet <工作表>] [--dry-run] [--mapping <JSON>]
  import --file <文件> --as <主管或管理员> [--sheet <工作表>] [--mapping <JSON>] [--remember]
            导入手工登记的投诉台账（.xlsx、.xls、.csv）；--dry-run 只检查并列出每行的问题，不保存；
            不加 --dry-run 则以 --as 的主管或管理员身份写入案件（有问题的行不导入），--remember 记住本次的对应关系
            Import a hand-kept complaint log (.xlsx, .xls, .csv); --dry-run checks it,
            lists every row's problem and stores nothing; without it the cases are written
            as the supervisor or administrator --as (rows with a problem are left out);
            --remember keeps this run's mapping for the branch's next import
            --mapping 例 / e.g. '{"headers":{"来访者":"customerName"},"values":{"channel":{"飞鸽":"letter"}},"defaults":{"channel":"walk_in"}}'`;

export interface ImportOptions {
  file?: string;
  sheet?: string;
  'dry-run'?: boolean;
  mapping?: string;
  lang?: string;
  /** Writing: the supervisor's or administrator's login. */
  as?: string;
  remember?: boolean;
}

export function localeOf(opts: ImportOptions): Locale {
  const lang = opts.lang ?? process.env.LANG ?? '';
  return lang.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

export function parseMapping(text: string | undefined): MappingUpdate | undefined {
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
  if (!opts['dry-run']) return writeImport(dataDir, opts, mapping, locale, out);
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
  return preview.problems.length > 0 ||
    preview.missingColumns.length > 0 ||
    preview.missingRequired.length > 0
    ? 1
    : 0;
}
