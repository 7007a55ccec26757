/**
 * Argument parsing of `npm run server -- …` (server/main.ts), kept apart so
 * tests can check it without starting anything.
 */
import { isValidBranchCode } from '../shared/domain/kernel/caseNumber';
import { describeTextProblem, findTextProblem } from '../shared/domain/kernel/text';
import { cliText, type CliLocale, type CliMessageKey, type CliParams } from './cliMessages';

export { DEFAULT_DATA_DIR, DEFAULT_PORT } from './cliMessages';

function usageText(locale: CliLocale, key: CliMessageKey, params: CliParams): string {
  const command = params.command === 'serve' ? cliText(locale, 'theServer') : params.command;
  return cliText(locale, key, command === undefined ? params : { ...params, command });
}

/** A command line that cannot be run: `key` names the message (server/cliMessages.ts), told in English by default. */
export class UsageError extends Error {
  constructor(
    readonly key: CliMessageKey,
    readonly params: CliParams = {},
  ) {
    super(usageText('en', key, params));
  }

  /** The message in `locale`. */
  text(locale: CliLocale): string {
    return usageText(locale, this.key, this.params);
  }
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Parsed {
  command: 'serve' | 'enroll' | 'revoke' | 'admin-token' | 'admin-tokens' | 'verify';
  options: Map<string, string>;
}

const ALLOWED: Record<Parsed['command'], string[]> = {
  serve: ['port', 'data', 'host', 'address-limits', 'lang'],
  enroll: ['branch', 'role', 'reenrol', 'data', 'lang'],
  revoke: ['device', 'admin', 'data', 'lang'],
  'admin-token': ['label', 'data', 'lang'],
  'admin-tokens': ['data', 'lang'],
  verify: ['data', 'lang'],
};

export function parseArgs(argv: readonly string[]): Parsed | 'help' {
  const args = [...argv];
  let command: Parsed['command'] = 'serve';
  const first = args[0];
  if (
    first === 'enroll' ||
    first === 'revoke' ||
    first === 'admin-token' ||
    first === 'admin-tokens' ||
    first === 'verify'
  ) {
    command = first;
    args.shift();
  }
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--help' || a === '-h' || a === 'help') return 'help';
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m || m[1] === undefined) throw new UsageError('unexpectedArgument', { arg: a });
    const name = m[1];
    if (!ALLOWED[command].includes(name)) {
      throw new UsageError('notAnOption', { name, command });
    }
    let value = m[2];
    if (value === undefined) {
      value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError('needsValue', { name });
      i++;
    }
    // `--data a --data b` would quietly act on b: say so instead.
    if (options.has(name)) throw new UsageError('repeatedOption', { name });
    options.set(name, value);
  }
  validate(command, options);
  return { command, options };
}

/** Required options and their forms; throws UsageError naming what is wrong. */
function validate(command: Parsed['command'], o: Map<string, string>): void {
  const port = o.get('port');
  if (port !== undefined && (!/^\d{1,5}$/.test(port) || Number(port) > 65535)) {
    throw new UsageError('badPort', { value: port });
  }
  const limits = o.get('address-limits');
  if (limits !== undefined && limits !== 'on' && limits !== 'off') {
    throw new UsageError('badAddressLimits', { value: limits });
  }
  if (command === 'enroll') {
    const branch = o.get('branch');
    const reenrol = o.get('reenrol');
    if (branch === undefined && reenrol === undefined) throw new UsageError('enrollNeedsBranch');
    if (reenrol !== undefined && !UUID_RE.test(reenrol)) {
      throw new UsageError('badReenrol', { value: reenrol });
    }
    if (branch !== undefined && !isValidBranchCode(branch))
      throw new UsageError('badBranch', { value: branch });
    const role = o.get('role');
    if (role !== undefined && role !== 'counter' && role !== 'supervisor') {
      throw new UsageError('badRole', { value: role });
    }
  }
  if (command === 'revoke' && o.has('device') === o.has('admin')) {
    throw new UsageError('revokeNeedsOne');
  }
  const label = o.get('label');
  if (label !== undefined && label.trim().length > 100) {
    throw new UsageError('labelTooLong', { n: label.trim().length });
  }
  const unclean = label === undefined ? null : findTextProblem(label);
  if (unclean !== null) {
    throw new UsageError('labelUnclean', { problem: describeTextProblem(unclean) });
  }
  const lang = o.get('lang');
  if (lang !== undefined && lang !== 'en' && lang !== 'zh-CN')
    throw new UsageError('badLang', { value: lang });
  for (const [k, v] of o) if (v.trim() === '') throw new UsageError('needsValue', { name: k });
}
