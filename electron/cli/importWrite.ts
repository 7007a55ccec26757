/**
 * `npm run cli -- import --file F --as <login>` (without --dry-run): writes
 * the cases of a hand-kept log (issue 13 item 2; docs/import.md) as the
 * supervisor or administrator `--as`, who proves their secret (read from the
 * terminal without echo, or a line of stdin; never an option), through the
 * same DeskApi calls as the import screen: the file is staged, import.start
 * runs as a job, its progress drives the bar on stderr. Ctrl+C cancels: the
 * chunk being written is rolled back, the whole chunks written stay, and
 * what was written is reported (exit 130). Rows with a problem are listed
 * and left out (exit 1); the others are written.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { JobSummary } from '../../shared/contract/methods/jobs';
import type { StagedImportFile } from '../../shared/contract/methods/import';
import type { StaffSummary } from '../../shared/contract/methods/staff';
import type { Result } from '../../shared/contract/result';
import type { Locale } from '../../shared/domain/kernel/locale';
import { fileErrorMessage, ImportFileError, openDesk, type MappingUpdate } from '../desk';
import { report } from './importReport';
import { ProgressBar } from './progress';
import { NoSecretError, secretReader } from './secrets';
import { CliExit } from './staff';

export interface WriteImportOptions {
  file?: string;
  sheet?: string;
  as?: string;
  remember?: boolean;
}

const refuse = (message: string): never => {
  throw new CliExit(message, 1);
};

function unwrap<T>(r: Result<unknown>): T {
  if (!r.ok) refuse(r.error.message);
  return (r as { ok: true; value: T }).value;
}

function countsLine(c: Record<string, number>, locale: Locale, cancelled: boolean): string {
  const zh = locale === 'zh-CN';
  const head = cancelled
    ? zh
      ? '已取消：已写入的整批保留，正在写的一批已撤回。'
      : 'Cancelled: the whole chunks written stay, the chunk being written was rolled back.'
    : zh
      ? '导入完成。'
      : 'Import finished.';
  return zh
    ? `${head}共 ${c.rows ?? 0} 行，可导入 ${c.cases ?? 0} 件：本次写入 ${c.written ?? 0} 件，此前已导入 ${c.already ?? 0} 件；有问题未导入 ${c.problemRows ?? 0} 行。`
    : `${head} ${c.rows ?? 0} rows, ${c.cases ?? 0} cases: ${c.written ?? 0} written now, ${c.already ?? 0} imported before; ${c.problemRows ?? 0} rows with problems not imported.`;
}

export async function writeImport(
  dataDir: string,
  opts: WriteImportOptions,
  mapping: MappingUpdate | undefined,
  locale: Locale,
  out: (line: string) => void,
): Promise<number> {
  const login = (opts.as ?? '').trim();
  if (login === '') {
    throw new CliExit(
      '写入案件需要 --as <主管或管理员的登录名>（或用 --dry-run 只检查）。 / Writing needs --as <supervisor or administrator login> (or check only with --dry-run).',
      2,
    );
  }
  const file = path.resolve(opts.file ?? '');
  if (!existsSync(file)) {
    const e = new ImportFileError('not_found', path.basename(file));
    refuse(`${fileErrorMessage('zh-CN', e)}\n${fileErrorMessage('en', e)}`);
  }
  const reader = secretReader();
  let secret: string;
  try {
    secret = await reader.read(`${login} 的密码或 PIN / Password or PIN of ${login}: `);
  } catch (e) {
    if (e instanceof NoSecretError) refuse('没有读到密码或 PIN。 / No secret was given on stdin.');
    throw e;
  } finally {
    reader.close();
  }
  const desk = openDesk({ dataDir, sync: false });
  try {
    const session = unwrap<{ token: string; staff: StaffSummary }>(
      await desk.call('auth.signIn', { login, secret: secret! }, { session: null, locale }),
    );
    const ctx = { session: session.token, locale };
    try {
      if (session.staff.role !== 'supervisor' && session.staff.role !== 'admin') {
        refuse(
          `${login} 不是主管或管理员，不能导入。 / ${login} is not a supervisor or administrator and may not import.`,
        );
      }
      const staged = unwrap<StagedImportFile>(await desk.imports.stageFile(file, ctx));
      const job = unwrap<JobSummary>(
        await desk.call(
          'import.start',
          { fileId: staged.fileId, sheet: opts.sheet, mapping, remember: opts.remember === true },
          ctx,
        ),
      );
      const bar = new ProgressBar(process.stderr, '行 / rows');
      const off = desk.subscribe((e) => {
        if (e.type !== 'progress' || e.jobId !== job.id || e.total === 0) return;
        bar.update(e.done, e.total);
      });
      let interrupted = false;
      const onInterrupt = (): void => {
        if (interrupted) process.exit(130);
        interrupted = true;
        bar.note('正在取消…（再按一次 Ctrl+C 立即退出） / Cancelling… (press Ctrl+C again to quit at once)');
        void desk.call('import.cancel', { jobId: job.id }, ctx);
      };
      process.on('SIGINT', onInterrupt);
      let done: JobSummary;
      try {
        done = (await desk.jobs.whenSettled(job.id, locale)) as JobSummary;
      } finally {
        process.off('SIGINT', onInterrupt);
        off();
        bar.end();
      }
      const checked = desk.imports.preview(job.id);
      const preview = checked?.preview ?? null;
      if (done.state === 'failed') {
        if (checked) report(checked.preview, locale, out, checked.cases); // the columns, when a required one is missing
        const view = await desk.call('import.get', { jobId: job.id }, ctx);
        const message = view.ok ? (view.value as { job: JobSummary }).job.error?.message : undefined;
        refuse(message ?? done.error?.message ?? 'import failed');
      }
      if (checked) report(checked.preview, locale, out, checked.cases);
      const counts = done.result?.counts ?? {};
      if (done.state === 'cancelled') {
        process.stderr.write(`${countsLine(counts, locale, true)}\n`);
        return 130;
      }
      out(countsLine(counts, locale, false));
      return (counts.problemRows ?? 0) > 0 || (preview?.missingColumns.length ?? 0) > 0 ? 1 : 0;
    } finally {
      await desk.call('auth.signOut', {}, ctx);
    }
  } finally {
    desk.close();
  }
}
