/**
 * `npm run cli -- <command> [--data DIR]`: maintenance commands for a desk.
 *
 *   rebuild  drop the projections and re-fold them from the event log
 *   verify   check every event's hash and this desk's audit chain (cli/verify.ts)
 *   backup   an online backup (electron/cli/backup.ts); restore  a checked restore
 *   export   the case log as CSV or XLSX (./export.ts), or a PDF dossier or listing (./pdf.ts)
 *   help     this text
 *
 * Exit codes: 0 ok, 1 failure (or bad events found by verify), 2 bad usage.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir, openDesk } from '../desk';
import { checkLang } from './filters';
import { DONE, finish, requireDesk, runJobLoop, type Outcome } from './jobLoop';
import { IMPORT_USAGE, importCommand } from './import';
import { CliExit, STAFF_USAGE, staffCommand } from './staff';
import { BACKUP_USAGE, backupCommand } from './backup';
import { checkAudit, VERIFY_USAGE, verifyDeskFolder, writeAudit } from './verify';
import { EXPORT_USAGE, exportCommand } from './export';
import { isPdfExport, PDF_USAGE, pdfCommand } from './pdf';

const USAGE = `用法 / Usage: npm run cli -- <命令 command> [--data <目录 folder>]

命令 / Commands:
  rebuild   从事件日志重建全部视图（案件列表、员工、搜索索引）
            Rebuild every projection (cases, staff, search) from the event log
  verify    校验事件哈希与本机审计链，指出第一条被改动、删除、插入或调换的记录，有问题以代码 1 退出
            Check every hash and the audit chain; name the first edited, deleted,
            inserted or reordered record and exit 1 (verify --help)
${STAFF_USAGE}
${BACKUP_USAGE}
${IMPORT_USAGE}
${EXPORT_USAGE}
${PDF_USAGE}
  help      显示本帮助 / Show this help

选项 / Options:
  --data <目录>  数据目录 / Data folder (default: ${defaultDataDir()})
  --lang en|zh-CN  核心返回信息的语言 / Language of the desk's messages (default: from LANG)`;

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

function usageError(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function failure(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Rebuild through the desk's job runner: the fold runs on a worker thread while
 * this one draws the progress bar; Ctrl+C cancels the job, which rolls back.
 */
async function rebuild(dataDir: string): Promise<void> {
  requireDesk(dataDir);
  const started = Date.now();
  let desk;
  try {
    // A maintenance run must not start talking to head office from this process.
    desk = openDesk({ dataDir, sync: false });
  } catch (e) {
    failure(`重建失败，数据未改动。 / Rebuild failed; nothing was changed.\n${describeError(e)}`);
  }
  const d = desk;
  const outcome = await runJobLoop(d, {
    label: '事件 / events',
    cancelling:
      '正在取消重建，请稍候…（再按一次 Ctrl+C 立即退出） / Cancelling the rebuild… (press Ctrl+C again to quit at once)',
    start: () => d.jobs.start('rebuild'),
    settled: (final, jobId) => {
      if (final?.state === 'cancelled') {
        return { code: 130, message: '已取消重建，数据未改动。 / Rebuild cancelled; nothing was changed.' };
      }
      if (final?.state !== 'done' || !final.result?.counts) {
        const en = d.jobs.list('en').find((j) => j.id === jobId);
        return {
          code: 1,
          message: `重建失败，数据未改动。 / Rebuild failed; nothing was changed.\n${final?.error?.message ?? ''}${en?.error ? ` / ${en.error.message}` : ''}`,
        };
      }
      const c = final.result.counts;
      const ms = Date.now() - started;
      out(
        `已重建：事件 ${c.events ?? 0} 条，案件 ${c.cases ?? 0} 件，员工 ${c.staff ?? 0} 人（用时 ${ms} ms）。 / Rebuilt: ${c.events ?? 0} events, ${c.cases ?? 0} cases, ${c.staff ?? 0} staff (${ms} ms).`,
      );
      return DONE;
    },
  }).catch((e: unknown): Outcome => ({
    code: 1,
    message: `重建失败，数据未改动。 / Rebuild failed; nothing was changed.\n${describeError(e)}`,
  }));
  finish(outcome);
}

async function verify(
  dataDir: string,
  help: boolean,
  audit: { check?: string; write?: string } = {},
): Promise<void> {
  if (help) {
    out(VERIFY_USAGE);
    return;
  }
  if (audit.check !== undefined && audit.write !== undefined) {
    usageError('--audit 与 --write-audit 不能同时使用 / --audit and --write-audit cannot be used together.');
  }
  if (audit.check !== undefined) {
    if (audit.check.trim() === '' || !existsSync(audit.check)) {
      failure(`找不到审计导出 / No audit export at ${audit.check}`);
    }
    let checked;
    try {
      checked = await checkAudit(path.resolve(audit.check));
    } catch (e) {
      failure(`无法读取审计导出 / Could not read the audit export.\n${describeError(e)}`);
    }
    for (const line of checked.lines) out(line);
    if (!checked.ok) process.exitCode = 1;
    return;
  }
  requireDesk(dataDir);
  if (audit.write !== undefined) {
    if (audit.write.trim() === '') usageError('--write-audit 需要一个文件夹 / --write-audit needs a folder.');
    try {
      for (const line of writeAudit(dataDir, path.resolve(audit.write)).lines) out(line);
    } catch (e) {
      failure(`审计导出失败 / The audit export failed.\n${describeError(e)}`);
    }
    return;
  }
  let outcome;
  try {
    outcome = verifyDeskFolder(dataDir);
  } catch (e) {
    failure(`无法读取数据。 / Could not read the data.\n${describeError(e)}`);
  }
  for (const line of outcome.lines) out(line);
  if (!outcome.ok) process.exitCode = 1;
}

function main(argv: string[]): void | Promise<void> {
  // backup and restore parse their own options (electron/cli/backup.ts).
  if (argv[0] === 'backup' || argv[0] === 'restore') return backupCommand(argv[0], argv.slice(1));
  if (argv[0] === 'export') {
    // its own options: PDF (./pdf.ts) or CSV/XLSX (./export.ts)
    const rest = argv.slice(1);
    return isPdfExport(rest) ? pdfCommand(rest) : exportCommand(rest);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        data: { type: 'string', short: 'd' },
        help: { type: 'boolean', short: 'h' },
        // staff commands (electron/cli/staff.ts); secrets are never options
        as: { type: 'string' },
        name: { type: 'string' },
        login: { type: 'string' },
        id: { type: 'string' },
        role: { type: 'string' },
        reason: { type: 'string' },
        kind: { type: 'string' },
        lang: { type: 'string' },
        // verify (electron/cli/verify.ts)
        audit: { type: 'string' },
        'write-audit': { type: 'string' },
        // import (electron/cli/import.ts)
        file: { type: 'string' },
        sheet: { type: 'string' },
        'dry-run': { type: 'boolean' },
        mapping: { type: 'string' },
        remember: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    usageError(`参数有误 / Bad arguments: ${describeError(e)}`);
  }
  const [command, ...extra] = parsed.positionals;
  if (command === 'verify' && parsed.values.help === true) return verify('', true);
  const audit = { check: parsed.values.audit, write: parsed.values['write-audit'] };
  if (parsed.values.help || command === undefined || command === 'help') {
    out(USAGE);
    return;
  }
  if (parsed.values.data !== undefined && parsed.values.data.trim() === '') {
    usageError('--data 不能为空 / --data must not be empty.');
  }
  try {
    checkLang(parsed.values.lang);
  } catch (e) {
    usageError(describeError(e));
  }
  const dataDir = path.resolve(parsed.values.data ?? defaultDataDir());
  if (command === 'staff') {
    const [sub, ...rest] = extra;
    requireDesk(dataDir);
    return staffCommand(sub, rest, dataDir, parsed.values).catch((e: unknown) => {
      if (!(e instanceof CliExit)) throw e;
      if (e.code === 2) usageError(e.message);
      failure(e.message);
    });
  }
  if (extra.length > 0) usageError(`多余的参数 / Unexpected arguments: ${extra.join(' ')}`);
  if (command === 'import') {
    requireDesk(dataDir);
    return importCommand(dataDir, parsed.values, out).then(
      (code) => {
        process.exitCode = code;
      },
      (e: unknown) => {
        if (!(e instanceof CliExit)) throw e;
        if (e.code === 2) usageError(e.message);
        failure(e.message);
      },
    );
  }
  switch (command) {
    case 'rebuild':
      return rebuild(dataDir);
    case 'verify':
      return verify(dataDir, false, audit);
    default:
      usageError(`未知命令“${command}”。 / Unknown command "${command}".`);
  }
}

void Promise.resolve(main(process.argv.slice(2))).catch((e: unknown) => {
  failure(`出错了 / Something went wrong.\n${describeError(e)}`);
});
