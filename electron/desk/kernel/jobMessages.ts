/**
 * What a clerk reads about long jobs, in zh-CN first and English second (a
 * catalogue of kernel/messages.ts). A job keeps the key of its failure, not
 * the text: each window reads it in its own language.
 */
import type { ErrorCode } from '../../../shared/contract/result';
import type { Locale } from '../../../shared/domain/kernel/locale';
import { extendMessages } from './messages';

const JOB_MESSAGES = {
  jobBusyRebuild: {
    'zh-CN': '已有一次重建索引正在进行，请等它完成，或先取消它。',
    en: 'A rebuild is already running. Wait for it to finish, or cancel it first.',
  },
  jobBusyBackup: {
    'zh-CN': '已有一次备份正在进行，请等它完成，或先取消它。',
    en: 'A backup is already running. Wait for it to finish, or cancel it first.',
  },
  jobBackupFolderMissing: {
    'zh-CN': '备份文件夹不存在或无法写入（例如 U 盘没有插上），这次没有备份。请检查文件夹后重试。',
    en: 'The backup folder does not exist or cannot be written to (a USB drive not plugged in?), so no backup was made. Check the folder and try again.',
  },
  jobBackupFailed: {
    'zh-CN':
      '备份没有完成（例如磁盘已满），没有留下不完整的备份文件，数据未改动。请检查备份文件夹后重试（详细信息已记在本机日志）。',
    en: 'The backup did not complete (a full disk?). No partial backup file was left and nothing was changed. Check the backup folder and try again (details are in the local log).',
  },
  jobBusyImport: {
    'zh-CN': '已有一次导入正在进行，请等它完成，或先取消它。',
    en: 'An import is already running. Wait for it to finish, or cancel it first.',
  },
  importFileGone: {
    'zh-CN': '找不到要导入的文件（暂存的文件只保留一天），请重新选择文件。',
    en: 'The file to import was not found (staged files are kept for a day). Choose the file again.',
  },
  importFileRefused: {
    'zh-CN': '这个文件不能导入，详情见预览中的说明。',
    en: 'This file cannot be imported; the preview says why.',
  },
  importNumbersHeld: {
    'zh-CN': '本机从备份恢复后尚未与总部同步，暂不能编号，没有导入任何案件。请先同步再导入。',
    en: 'This desk was restored from a backup and has not synced since, so it cannot number cases; nothing was imported. Sync first, then import.',
  },
  jobBusyExport: {
    'zh-CN': '已有一次导出正在进行，请等它完成，或先取消它。',
    en: 'An export is already running. Wait for it to finish, or cancel it first.',
  },
  pdfPrinterMissing: {
    'zh-CN':
      '找不到用于生成 PDF 的 Chromium，没有生成文件。请联系管理员安装 Chromium，或用 LOOPDESK_CHROMIUM 指明它的位置。',
    en: 'Chromium, which makes the PDF, was not found, so no file was made. Ask your administrator to install Chromium or to set LOOPDESK_CHROMIUM to where it is.',
  },
  pdfPrintFailed: {
    'zh-CN': '生成 PDF 时出错，没有生成文件。请重试；如果仍然出错，请联系管理员（详细信息已记在本机日志）。',
    en: 'Making the PDF failed, so no file was made. Try again; if it keeps failing, tell your administrator (details are in the local log).',
  },
  jobNotFound: {
    'zh-CN': '找不到这个任务（任务记录只保留到本机程序关闭）。',
    en: 'That job could not be found (jobs are kept only until the desk program closes).',
  },
  jobKindUnavailable: {
    'zh-CN': '本机暂不支持此类任务。',
    en: 'This desk cannot run that kind of job.',
  },
  jobClosing: {
    'zh-CN': '程序正在关闭，不能再开始新任务。',
    en: 'The desk is closing and cannot start new jobs.',
  },
  jobDatabaseBusy: {
    'zh-CN':
      '数据库正被其他程序占用（例如另一个 Loopdesk 或命令行工具），重建没有进行，数据未改动。请关闭其他程序后再试。',
    en: 'The database is in use by another program (another Loopdesk or a command-line tool), so the rebuild did not run and nothing was changed. Close the other program and try again.',
  },
  jobFailed: {
    'zh-CN': '任务出错，数据未改动。请重试；如果仍然出错，请联系管理员（详细信息已记在本机日志）。',
    en: 'The job failed and nothing was changed. Try again; if it keeps failing, tell your administrator (details are in the local log).',
  },
};

export type JobMessageKey = keyof typeof JOB_MESSAGES;

const catalogue = extendMessages(JOB_MESSAGES);

export function jobMessage(locale: Locale, key: JobMessageKey): string {
  return catalogue.msg(locale, key);
}

/** A job (or a request about one) that failed in a way a clerk can be told about. */
export class JobFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly key: JobMessageKey,
    /** For the log only: what went wrong in technical terms. */
    readonly detail: string = key,
  ) {
    super(detail);
    this.name = 'JobFailure';
  }
}
