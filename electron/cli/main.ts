/**
 * `npm run cli -- <command> [--data DIR]`: maintenance commands for a desk.
 *
 *   rebuild  drop the projections and re-fold them from the event log
 *   verify   recompute every event's hash and report any that do not match
 *   help     this text
 *
 * Exit codes: 0 ok, 1 failure (or bad events found by verify), 2 bad usage.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { verifyEventHash } from '../../shared/domain/kernel/hash';
import { counts, dbFile, defaultDataDir, eachEvent, hasDesk, openDesk, openReadOnly } from '../desk';

const USAGE = `用法 / Usage: npm run cli -- <命令 command> [--data <目录 folder>]

命令 / Commands:
  rebuild   从事件日志重建全部视图（案件列表、员工、搜索索引）
            Rebuild every projection (cases, staff, search) from the event log
  verify    逐条校验事件哈希，发现被改动的记录则列出并以代码 1 退出
            Check every event's hash; list any that do not match and exit 1
  help      显示本帮助 / Show this help

选项 / Options:
  --data <目录>  数据目录 / Data folder (default: ${defaultDataDir()})`;

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

function requireDesk(dataDir: string): void {
  if (!hasDesk(dataDir)) {
    failure(
      `在 ${dataDir} 中没有找到 Loopdesk 数据（${path.basename(dbFile(dataDir))}）。请用 --data 指定正确的数据目录。 / No Loopdesk data (${path.basename(dbFile(dataDir))}) in ${dataDir}. Point --data at the right folder.`,
    );
  }
}

function rebuild(dataDir: string): void {
  requireDesk(dataDir);
  const started = Date.now();
  try {
    // A maintenance run must not start talking to head office from this process.
    const desk = openDesk({ dataDir, sync: false });
    try {
      desk.rebuild();
    } finally {
      desk.close();
    }
  } catch (e) {
    failure(`重建失败，数据未改动。 / Rebuild failed; nothing was changed.\n${describeError(e)}`);
  }
  const ms = Date.now() - started;
  const store = openReadOnly(dataDir);
  try {
    const c = counts(store);
    out(
      `已重建：事件 ${c.events} 条，案件 ${c.cases} 件，员工 ${c.staff} 人（用时 ${ms} ms）。 / Rebuilt: ${c.events} events, ${c.cases} cases, ${c.staff} staff (${ms} ms).`,
    );
  } finally {
    store.close();
  }
}

function verify(dataDir: string): void {
  requireDesk(dataDir);
  let store;
  try {
    store = openReadOnly(dataDir);
  } catch (e) {
    failure(`无法读取数据。 / Could not read the data.\n${describeError(e)}`);
  }
  let checked = 0;
  const bad: string[] = [];
  try {
    for (const ev of eachEvent(store)) {
      checked++;
      if (ev.envelope === null) {
        bad.push(
          `#${ev.seq} ${ev.id} ${ev.type} ${ev.stream}: 内容不是有效的 JSON / payload is not valid JSON`,
        );
      } else if (!verifyEventHash(ev.envelope)) {
        bad.push(`#${ev.seq} ${ev.id} ${ev.type} ${ev.stream}: 哈希不符 / hash mismatch`);
      }
    }
  } finally {
    store.close();
  }
  if (bad.length === 0) {
    out(`已校验 ${checked} 条事件，全部完好。 / Checked ${checked} events: all hashes match.`);
    return;
  }
  for (const line of bad) out(line);
  out(
    `已校验 ${checked} 条事件，其中 ${bad.length} 条被改动或损坏。请保留该数据目录并联系管理员。 / Checked ${checked} events: ${bad.length} altered or damaged. Keep this data folder and contact your administrator.`,
  );
  process.exitCode = 1;
}

function main(argv: string[]): void {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { data: { type: 'string', short: 'd' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    usageError(`参数有误 / Bad arguments: ${describeError(e)}`);
  }
  const [command, ...extra] = parsed.positionals;
  if (parsed.values.help || command === undefined || command === 'help') {
    out(USAGE);
    return;
  }
  if (extra.length > 0) usageError(`多余的参数 / Unexpected arguments: ${extra.join(' ')}`);
  if (parsed.values.data !== undefined && parsed.values.data.trim() === '') {
    usageError('--data 不能为空 / --data must not be empty.');
  }
  const dataDir = path.resolve(parsed.values.data ?? defaultDataDir());
  switch (command) {
    case 'rebuild':
      return rebuild(dataDir);
    case 'verify':
      return verify(dataDir);
    default:
      usageError(`未知命令“${command}”。 / Unknown command "${command}".`);
  }
}

main(process.argv.slice(2));
