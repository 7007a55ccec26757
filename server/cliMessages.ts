/**
 * What `npm run server -- …` says, in zh-CN and English. The language is
 * chosen as the desk CLI chooses it (electron/cli/staff.ts): `--lang en|zh-CN`
 * on the command line, else LANG (en… is English), else zh-CN.
 *
 * The line `Loopdesk server ready at <url>` on stdout is not translated:
 * scripts and tests wait for it. In zh-CN a Chinese line follows on stderr.
 */
export type CliLocale = 'zh-CN' | 'en';

type Text = Record<CliLocale, string>;

export const DEFAULT_PORT = 8780;
export const DEFAULT_DATA_DIR = 'server-data';

const USAGE: Text = {
  'zh-CN': `用法：
  npm run server -- [--port 端口] [--data 目录] [--host 地址] [--address-limits on|off]
      启动同步服务器（默认端口 ${DEFAULT_PORT}，数据目录 ./${DEFAULT_DATA_DIR}，地址 127.0.0.1）。
      --address-limits off 取消按来源地址对登记和无有效令牌请求的限流（例如压力测试时）；
      按令牌的限流仍然有效。
  npm run server -- enroll --branch 网点代码 [--role counter|supervisor] [--data 目录]
      为该网点的一台服务台打印一次性登记码（24 小时内有效）。
      服务器已知的设备编号（已登记或已停用）不能再用它登记。
  npm run server -- enroll --reenrol 设备编号 [--branch 网点代码] [--role counter|supervisor] [--data 目录]
      为已知设备打印重新登记码（重装后，或已停用的服务台恢复使用）；登记后旧令牌失效。
      网点和角色默认沿用该设备原来的。
  npm run server -- revoke --device 设备编号 [--data 目录]
      停止该设备的同步。
  npm run server -- admin-token [--label 说明] [--data 目录]
      打印一个新的总部管理令牌（及其编号，用于停用）。
  npm run server -- admin-tokens [--data 目录]
      列出管理令牌：编号、创建时间、有效或已停用、说明（从不显示令牌本身）。
  npm run server -- revoke --admin 编号 [--data 目录]
      停用该编号的管理令牌（也可直接给出令牌本身）。
  npm run server -- verify [--data 目录]
      校验总部保存的全部记录与各设备的审计链、签名检查点；发现被改动、删除、插入或调换的记录时
      指出第一条（设备、序号、事件编号、问题）并以代码 1 退出（docs/audit-trail.md）。
选项 --lang en|zh-CN 选择提示语言（默认按 LANG 环境变量）。
设置 DATABASE_URL=postgres://… 则使用 PostgreSQL，而不是数据目录中的 SQLite 文件。`,
  en: `Usage:
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
  npm run server -- verify [--data DIR]
      Check every stored event against its hash and each device's audit chain and signed
      checkpoints; on an edited, deleted, inserted or reordered record name the first one
      (device, dseq, event id, what is wrong) and exit 1 (docs/audit-trail.md).
--lang en|zh-CN chooses the language of these messages (default: from LANG).
Set DATABASE_URL=postgres://… to use PostgreSQL instead of the SQLite file in DIR.`,
};

const MESSAGES = {
  usage: USAGE,
  // verify (server/store/auditVerify.ts)
  verifyClean: {
    'zh-CN':
      '已校验 {events} 条记录、{devices} 台设备的审计链 {chained} 条、检查点 {checkpoints} 个：全部完好（{pending} 条尚在柜台待发送）。',
    en: 'Checked {events} events, {chained} audit-chain records of {devices} devices and {checkpoints} checkpoints: all intact ({pending} still waiting at their desks).',
  },
  verifyFirst: { 'zh-CN': '第一条有问题的记录：', en: 'First bad record:' },
  verifyBad: {
    'zh-CN': '已校验 {events} 条记录，发现 {bad} 处问题。请保留数据库并核查。',
    en: 'Checked {events} events: found {bad} problem(s). Keep the database as it is and investigate.',
  },
  // usage errors (server/cli.ts)
  unexpectedArgument: { 'zh-CN': '无法识别的参数“{arg}”', en: 'unexpected argument "{arg}"' },
  notAnOption: { 'zh-CN': '--{name} 不是“{command}”的选项', en: '--{name} is not an option of {command}' },
  theServer: { 'zh-CN': '启动服务器', en: 'the server' },
  needsValue: { 'zh-CN': '--{name} 需要一个值', en: '--{name} needs a value' },
  repeatedOption: { 'zh-CN': '--{name} 只能给一次', en: '--{name} is given more than once' },
  noServerData: {
    'zh-CN': '“{dir}”里没有服务器数据（没有 server.db）。请检查 --data；只有 serve 会新建数据。',
    en: 'There is no server data in "{dir}" (no server.db). Check --data; only serve creates new data.',
  },
  badPort: {
    'zh-CN': '--port 须为 0 到 65535 的整数，收到的是“{value}”',
    en: '--port needs a whole number from 0 to 65535, got "{value}"',
  },
  badAddressLimits: {
    'zh-CN': '--address-limits 只能是 on 或 off，收到的是“{value}”',
    en: '--address-limits must be on or off, got "{value}"',
  },
  enrollNeedsBranch: { 'zh-CN': 'enroll 需要 --branch 网点代码', en: 'enroll needs --branch CODE' },
  badReenrol: {
    'zh-CN': '--reenrol 需要设备编号（uuid），收到的是“{value}”',
    en: '--reenrol needs a device id (uuid), got "{value}"',
  },
  badBranch: {
    'zh-CN': '--branch 须为 2 到 6 个大写字母 A-Z，收到的是“{value}”',
    en: '--branch must be 2-6 capital letters A-Z, got "{value}"',
  },
  badRole: {
    'zh-CN': '--role 只能是 counter 或 supervisor，收到的是“{value}”',
    en: '--role must be counter or supervisor, got "{value}"',
  },
  revokeNeedsOne: {
    'zh-CN': 'revoke 需要 --device 设备编号 或 --admin 编号（二者选一）',
    en: 'revoke needs either --device ID or --admin ID (one of them)',
  },
  labelTooLong: {
    'zh-CN': '--label 最多 100 个字符，现在是 {n} 个',
    en: '--label is at most 100 characters, got {n}',
  },
  labelUnclean: {
    'zh-CN': '--label 不能含控制字符（{problem}）',
    en: '--label may not contain control characters ({problem})',
  },
  badLang: {
    'zh-CN': '--lang 只能是 en 或 zh-CN，收到的是“{value}”',
    en: '--lang must be en or zh-CN, got "{value}"',
  },
  // serve
  ready: {
    'zh-CN': '同步服务器已启动：{url}（按 Ctrl+C 停止）',
    en: 'Sync server started at {url} (Ctrl+C stops it)',
  },
  stopping: { 'zh-CN': '收到 {signal}，正在停止同步服务器', en: '{signal}: stopping the Loopdesk server' },
  stopFailed: { 'zh-CN': '停止时出错：{error}', en: 'error while stopping: {error}' },
  failed: { 'zh-CN': 'Loopdesk 同步服务器出错：{error}', en: 'Loopdesk server: {error}' },
  // enroll
  noDevice: { 'zh-CN': '没有编号为 {id} 的已登记设备。', en: 'No enrolled device with id {id}.' },
  noDeviceToReenrol: {
    'zh-CN': '没有编号为 {id} 的已登记设备，无法重新登记。',
    en: 'No enrolled device with id {id}: nothing to re-enrol.',
  },
  enrolCode: {
    'zh-CN': '网点 {branch} 一台{role}服务台的一次性登记码，24 小时内有效。',
    en: 'One-time enrolment code for a {role} desk of branch {branch}; valid 24 hours.',
  },
  reenrolCode: {
    'zh-CN': '设备 {id}（{role}，网点 {branch}）的重新登记码，使用后旧令牌失效，24 小时内有效。',
    en: 'One-time code re-enrolling device {id} ({role}, branch {branch}); its old token stops working once it is used; valid 24 hours.',
  },
  roleCounter: { 'zh-CN': '柜面', en: 'counter' },
  roleSupervisor: { 'zh-CN': '主管', en: 'supervisor' },
  // revoke
  deviceRevoked: { 'zh-CN': '已停用设备 {id} 的同步。', en: 'Revoked device {id}' },
  adminRevoked: { 'zh-CN': '管理令牌 {id} 已停用。', en: 'Revoked admin token {id}.' },
  adminAlreadyRevoked: { 'zh-CN': '管理令牌 {id} 早已停用。', en: 'Admin token {id} was already revoked.' },
  adminUnknown: {
    'zh-CN': '没有编号为 {id} 的管理令牌（用 admin-tokens 查看编号）。',
    en: 'No admin token with id {id}. List them with admin-tokens.',
  },
  adminAmbiguous: {
    'zh-CN': '有多个管理令牌以 {id} 开头，请输入更长的编号。',
    en: 'More than one admin token starts with {id}: give more of the id.',
  },
  // admin tokens
  adminTokenIssued: {
    'zh-CN': '总部管理令牌（编号 {id}）只显示这一次，请妥善保管。停用：npm run server -- revoke --admin {id}',
    en: 'Head-office admin token, id {id}: keep it secret; it is shown only once. To switch it off: npm run server -- revoke --admin {id}',
  },
  noAdminTokens: { 'zh-CN': '还没有管理令牌。', en: 'No admin tokens yet.' },
  tokenActive: { 'zh-CN': '有效', en: 'active' },
  tokenRevoked: { 'zh-CN': '已停用 {at}', en: 'revoked {at}' },
} satisfies Record<string, Text>;

/** The first line on stdout once the server listens, the same in every language (scripts wait for it). */
export const readyLine = (url: string): string => `Loopdesk server ready at ${url}`;

export type CliMessageKey = keyof typeof MESSAGES;
export type CliParams = Record<string, string | number>;

/** A message in `locale` with its {placeholders} filled. */
export function cliText(locale: CliLocale, key: CliMessageKey, params: CliParams = {}): string {
  return MESSAGES[key][locale].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/**
 * The language of this run: `--lang en|zh-CN` (or `--lang=…`) anywhere on the
 * command line, else LANG, else zh-CN. An unknown --lang value is left to the
 * argument check, which refuses it.
 */
export function cliLocale(argv: readonly string[], env: NodeJS.ProcessEnv): CliLocale {
  let lang: string | undefined;
  argv.forEach((a, i) => {
    if (a === '--lang') lang = argv[i + 1];
    else if (a.startsWith('--lang=')) lang = a.slice('--lang='.length);
  });
  const chosen = (lang ?? env.LANG ?? '').toLowerCase();
  return chosen.startsWith('en') ? 'en' : 'zh-CN';
}
