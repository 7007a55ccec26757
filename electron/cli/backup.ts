/**
 * `npm run cli -- backup [--out DIR]` and `npm run cli -- restore --from FILE`
 * (docs/backups.md). The backup runs while the desk may be open (SQLite's
 * online backup, as a job: progress on stderr, Ctrl+C cancels and leaves no
 * file); the restore refuses while the desk is open, and checks the backup
 * before it changes anything.
 *
 * Exit codes: 0 ok, 1 refused or failed (nothing changed), 2 bad usage, 130 cancelled.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  backupMessages,
  dbFile,
  defaultDataDir,
  hasDesk,
  isInsideFolder,
  isWritableFolder,
  openDesk,
  restoreDesk,
  type RestoreOutcome,
} from '../desk';
import { checkLang } from './filters';
import { ProgressBar } from './progress';

export const BACKUP_USAGE = `  backup    在线备份本机数据（程序运行中也可以）；默认备份到已设置的备份文件夹
            Back up this desk (also while it runs); by default into the backup folder set in Settings
            --out <目录 folder>   备份到这个文件夹 / Back up into this folder
  restore   从备份恢复本机数据（须先关闭 Loopdesk）；恢复前先核对备份
            Restore this desk from a backup (close Loopdesk first); the backup is checked first
            --from <文件 file>    备份文件（.db，旁边须有 .manifest.json） / The backup file (.db, with its .manifest.json)`;

const HELP = `用法 / Usage:
  npm run cli -- backup [--out <目录 folder>] [--data <目录 folder>]
  npm run cli -- restore --from <文件 file> [--data <目录 folder>]

${BACKUP_USAGE}

选项 / Options:
  --data <目录>  数据目录 / Data folder (default: ${defaultDataDir()})

退出代码 / Exit codes: 0 成功 ok, 1 被拒绝或失败（数据未改动） refused or failed (nothing changed),
  2 用法错误 bad usage, 130 已取消 cancelled`;

class Exit extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

const usage = (message: string): never => {
  throw new Exit(`${message}\n\n${HELP}`, 2);
};

function both(
  key: Parameters<typeof backupMessages.msg>[1],
  params?: Record<string, string | number>,
): string {
  return `${backupMessages.msg('zh-CN', key, params)}\n${backupMessages.msg('en', key, params)}`;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function backup(dataDir: string, outDir: string | undefined): Promise<void> {
  if (!hasDesk(dataDir)) {
    throw new Exit(`在 ${dataDir} 中没有找到 Loopdesk 数据。 / No Loopdesk data in ${dataDir}.`, 1);
  }
  let folder: string | null = null;
  if (outDir !== undefined) {
    folder = path.resolve(outDir);
    // Checked before the folder is made: never one inside the data folder (a failing disk takes both).
    if (isInsideFolder(folder, dataDir)) {
      throw new Exit(both('backupFolderInsideData', { folder }), 1);
    }
    try {
      fs.mkdirSync(folder, { recursive: true });
    } catch {
      // a file of that name, or no permission: said below
    }
    if (!isWritableFolder(folder)) throw new Exit(both('backupFolderMissing', { folder }), 1);
  }
  const desk = openDesk({ dataDir, sync: false });
  const bar = new ProgressBar(process.stderr, '页 / pages');
  let jobId: string | null = null;
  const unsubscribe = desk.subscribe((e) => {
    if (e.type === 'progress' && e.jobId === jobId && e.total > 0) bar.update(e.done, e.total);
  });
  const onInterrupt = (): void => {
    if (jobId === null) process.exit(130);
    bar.note('正在取消备份… / Cancelling the backup…');
    desk.jobs.cancel(jobId);
  };
  process.on('SIGINT', onInterrupt);
  try {
    const started = desk.jobs.backup(folder, 'zh-CN');
    if (!started.ok) {
      const en = desk.jobs.backup(null, 'en');
      const code = started.error.code === 'invalid_input' && folder === null ? 2 : 1;
      throw new Exit(
        `${started.error.message}\n${en.ok ? '' : en.error.message}\n(--out <目录 folder>)`,
        code,
      );
    }
    jobId = started.value.id;
    const final = await desk.jobs.whenSettled(jobId, 'zh-CN');
    bar.end();
    if (final?.state === 'cancelled')
      throw new Exit('已取消备份，没有留下备份文件。 / Backup cancelled; no backup file was left.', 130);
    if (final?.state !== 'done') {
      const en = desk.jobs.list('en').find((j) => j.id === jobId);
      throw new Exit(`${final?.error?.message ?? ''}\n${en?.error?.message ?? ''}`, 1);
    }
    const view = final.result?.counts ?? {};
    const where = folder ?? '(备份文件夹 / backup folder)';
    say(
      `已备份：事件 ${view.events ?? 0} 条，${view.bytes ?? 0} 字节，存到 ${where}。 / Backed up ${view.events ?? 0} events (${view.bytes ?? 0} bytes) into ${where}.`,
    );
  } finally {
    process.off('SIGINT', onInterrupt);
    unsubscribe();
    bar.end();
    desk.close();
  }
}

async function restore(dataDir: string, from: string): Promise<void> {
  const outcome: RestoreOutcome = await restoreDesk({
    dataDir,
    dbFile: dbFile(dataDir),
    file: from,
    now: Date.now,
  });
  if (!outcome.ok) throw new Exit(both(outcome.refusal.key, outcome.refusal.params), 1);
  // Opening once brings an older backup's schema up to date and refolds stale projections.
  openDesk({ dataDir, sync: false }).close();
  const m = outcome.manifest;
  say(
    `已从 ${path.resolve(from)} 恢复（${m.createdAt} 的备份，事件 ${m.events} 条）。 / Restored from ${path.resolve(from)} (backup of ${m.createdAt}, ${m.events} events).`,
  );
  if (outcome.keptAs !== null) {
    say(`原来的数据保存为 ${outcome.keptAs}。 / The replaced data was kept as ${outcome.keptAs}.`);
  }
  if (outcome.awaitingSync) {
    say(
      '本机需先与总部同步一次，才能登记新案件和工单（以免编号与备份之后已用过的重复）。 / The desk must sync with head office once before it records new cases or orders (so no number written after the backup is used again).',
    );
  }
}

/** Runs `backup` or `restore` with the arguments after the verb; exits with the code above. */
export async function backupCommand(verb: 'backup' | 'restore', argv: string[]): Promise<void> {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        options: {
          data: { type: 'string', short: 'd' },
          help: { type: 'boolean', short: 'h' },
          lang: { type: 'string' },
          ...(verb === 'backup' ? { out: { type: 'string' } } : { from: { type: 'string' } }),
        },
        strict: true,
        allowPositionals: true,
      });
    } catch (e) {
      return usage(`参数有误 / Bad arguments: ${e instanceof Error ? e.message : String(e)}`);
    }
    const v = parsed.values as { data?: string; help?: boolean; out?: string; from?: string; lang?: string };
    if (v.help) {
      say(HELP);
      return;
    }
    if (parsed.positionals.length > 0)
      usage(`多余的参数 / Unexpected arguments: ${parsed.positionals.join(' ')}`);
    if (v.data !== undefined && v.data.trim() === '') usage('--data 不能为空 / --data must not be empty.');
    try {
      checkLang(v.lang);
    } catch (e) {
      usage(e instanceof Error ? e.message : String(e));
    }
    if (v.out !== undefined && v.out.trim() === '') usage('--out 不能为空 / --out must not be empty.');
    const dataDir = path.resolve(v.data ?? defaultDataDir());
    if (verb === 'backup') return await backup(dataDir, v.out);
    if (v.from === undefined || v.from.trim() === '')
      usage('请用 --from 指定备份文件 / Name the backup file with --from.');
    return await restore(dataDir, v.from ?? '');
  } catch (e) {
    if (!(e instanceof Exit)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(e.code);
  }
}
