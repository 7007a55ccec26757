/**
 * Argument parsing of `npm run server -- …` (server/main.ts), kept apart so
 * tests can check it without starting anything.
 */
import { isValidBranchCode } from '../shared/domain/kernel/caseNumber';
import { describeTextProblem, findTextProblem } from '../shared/domain/kernel/text';

export const DEFAULT_PORT = 8780;
export const DEFAULT_DATA_DIR = 'server-data';

export const USAGE = `Usage:
  npm run server -- [--port P] [--data DIR] [--host H] [--address-limits on|off]
      Start the sync server (default port ${DEFAULT_PORT}, data ./${DEFAULT_DATA_DIR}, host 127.0.0.1).
      --address-limits off drops the per-address limits on enrolment and requests without
      a valid token (e.g. for load tests); the per-token limit stays.
  npm run server -- enroll --branch CODE [--role counter|supervisor] [--data DIR]
      Print a one-time enrolment code for a desk of branch CODE (valid 24 hours).
      It refuses device ids the server already knows (enrolled or revoked).
  npm run server -- enroll --reenrol ID [--branch CODE] [--role counter|supervisor] [--data DIR]
      Print a code that re-enrols the known device ID (after a reinstall, or a revoked
      desk coming back); its enrolment replaces the old token. Branch and role default
      to the device's own.
  npm run server -- revoke --device ID [--data DIR]
      Switch off syncing for the device with this id.
  npm run server -- admin-token [--label TEXT] [--data DIR]
      Print a new head-office admin token (and its id, for revoking it).
  npm run server -- admin-tokens [--data DIR]
      List the admin tokens: id, created, active or revoked, label (never the token).
  npm run server -- revoke --admin ID [--data DIR]
      Switch off the admin token with this id (or give the token itself).
Set DATABASE_URL=postgres://… to use PostgreSQL instead of the SQLite file in DIR.`;

export class UsageError extends Error {}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Parsed {
  command: 'serve' | 'enroll' | 'revoke' | 'admin-token' | 'admin-tokens';
  options: Map<string, string>;
}

const ALLOWED: Record<Parsed['command'], string[]> = {
  serve: ['port', 'data', 'host', 'address-limits'],
  enroll: ['branch', 'role', 'reenrol', 'data'],
  revoke: ['device', 'admin', 'data'],
  'admin-token': ['label', 'data'],
  'admin-tokens': ['data'],
};

export function parseArgs(argv: readonly string[]): Parsed | 'help' {
  const args = [...argv];
  let command: Parsed['command'] = 'serve';
  const first = args[0];
  if (first === 'enroll' || first === 'revoke' || first === 'admin-token' || first === 'admin-tokens') {
    command = first;
    args.shift();
  }
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--help' || a === '-h' || a === 'help') return 'help';
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m || m[1] === undefined) throw new UsageError(`unexpected argument "${a}"`);
    const name = m[1];
    if (!ALLOWED[command].includes(name)) {
      throw new UsageError(`--${name} is not an option of ${command === 'serve' ? 'the server' : command}`);
    }
    let value = m[2];
    if (value === undefined) {
      value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      i++;
    }
    options.set(name, value);
  }
  validate(command, options);
  return { command, options };
}

/** Required options and their forms; throws UsageError naming what is wrong. */
function validate(command: Parsed['command'], o: Map<string, string>): void {
  const port = o.get('port');
  if (port !== undefined && (!/^\d{1,5}$/.test(port) || Number(port) > 65535)) {
    throw new UsageError(`--port needs a whole number from 0 to 65535, got "${port}"`);
  }
  const limits = o.get('address-limits');
  if (limits !== undefined && limits !== 'on' && limits !== 'off') {
    throw new UsageError(`--address-limits must be on or off, got "${limits}"`);
  }
  if (command === 'enroll') {
    const branch = o.get('branch');
    const reenrol = o.get('reenrol');
    if (branch === undefined && reenrol === undefined) throw new UsageError('enroll needs --branch CODE');
    if (reenrol !== undefined && !UUID_RE.test(reenrol)) {
      throw new UsageError(`--reenrol needs a device id (uuid), got "${reenrol}"`);
    }
    if (branch !== undefined && !isValidBranchCode(branch))
      throw new UsageError(`--branch must be 2-6 capital letters A-Z, got "${branch}"`);
    const role = o.get('role');
    if (role !== undefined && role !== 'counter' && role !== 'supervisor') {
      throw new UsageError(`--role must be counter or supervisor, got "${role}"`);
    }
  }
  if (command === 'revoke' && o.has('device') === o.has('admin')) {
    throw new UsageError('revoke needs either --device ID or --admin ID (one of them)');
  }
  const label = o.get('label');
  if (label !== undefined && label.trim().length > 100) {
    throw new UsageError(`--label is at most 100 characters, got ${label.trim().length}`);
  }
  const unclean = label === undefined ? null : findTextProblem(label);
  if (unclean !== null) {
    throw new UsageError(`--label may not contain control characters (${describeTextProblem(unclean)})`);
  }
  for (const [k, v] of o) if (v.trim() === '') throw new UsageError(`--${k} needs a value`);
}
