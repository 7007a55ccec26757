/**
 * The one message catalogue of the desk core: every text a caller may show a
 * clerk, in zh-CN first and English second. Messages say what happened and
 * what to do next.
 */
import type { ErrorCode } from '../../../shared/contract/result';
import type { Role } from '../../../shared/domain/kernel/roles';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../../shared/domain/kernel/locale';

export type Text = Record<Locale, string>;

/** Generic message per error code (used when no more specific message applies). */
const ERRORS: Record<ErrorCode, Text> = {
  invalid_input: {
    'zh-CN': '填写的内容有误，请按提示修改标出的项目。',
    en: 'Some entries are not valid: correct the marked fields.',
  },
  unknown_method: {
    'zh-CN': '不支持的操作：{method}。请确认程序版本是否一致。',
    en: 'Unknown operation: {method}. Check that the app versions match.',
  },
  unauthenticated: { 'zh-CN': '请先登录。', en: 'Please sign in first.' },
  forbidden: {
    'zh-CN': '您的角色无权进行此操作，如需办理请联系主管。',
    en: 'Your role may not do this. Ask a supervisor if it needs doing.',
  },
  bad_credentials: {
    'zh-CN': '登录名或密码（PIN）不正确，请重新输入。',
    en: 'The login or password (PIN) is not correct. Try again.',
  },
  rate_limited: {
    'zh-CN': '登录失败次数过多，请 {seconds} 秒后再试。',
    en: 'Too many failed sign-ins. Try again in {seconds} seconds.',
  },
  not_initialized: {
    'zh-CN': '本机还没有完成初始设置，请先由管理员完成设置。',
    en: 'This desk has not been set up yet. An administrator must complete setup first.',
  },
  already_initialized: {
    'zh-CN': '本机已经完成初始设置，不能再次设置。',
    en: 'This desk is already set up; setup cannot run again.',
  },
  not_found: { 'zh-CN': '找不到这条记录。', en: 'That record could not be found.' },
  conflict: {
    'zh-CN': '该内容与已有记录冲突。',
    en: 'This conflicts with an existing record.',
  },
  step_incomplete: {
    'zh-CN': '这一步还缺少必须记录的内容，请补全标出的项目。',
    en: 'This step is missing required entries: complete the marked fields.',
  },
  close_refused: {
    'zh-CN': '第 6 步（跟进实施）还没有记录，不能结案：请先完成第 6 步，或请主管填写原因后结案。',
    en: "This case can't be closed before step 6 (follow up) is recorded: finish step 6, or ask a supervisor to close it with a reason.",
  },
  invalid_state: {
    'zh-CN': '这张投诉单当前的状态不允许此操作。',
    en: 'The case is in a state that does not allow this.',
  },
  too_large: {
    'zh-CN': '提交的内容太大，请精简后再试。',
    en: 'What was sent is too large. Shorten it and try again.',
  },
  unavailable: {
    'zh-CN': '暂时连不上总部服务器，请稍后再试。',
    en: "Can't reach the head-office server right now. Try again later.",
  },
  busy: {
    'zh-CN': '本机正在进行维护（重建索引），请等它完成后再试。',
    en: 'This desk is busy with maintenance (rebuilding the index). Try again when it has finished.',
  },
  internal: {
    'zh-CN': '系统内部出错，请重试；如果仍然出错，请联系管理员（详细信息已记在本机日志）。',
    en: 'Something went wrong inside the desk. Try again; if it keeps happening, tell your administrator (details are in the local log).',
  },
};

/** Specific messages. */
const MESSAGES = {
  // sessions and sign-in
  sessionExpired: {
    'zh-CN': '登录已过期，请重新登录。',
    en: 'Your session has expired. Please sign in again.',
  },
  forbiddenRole: {
    'zh-CN': '您的角色（{role}）无权进行此操作，如需办理请联系主管。',
    en: 'Your role ({role}) may not do this. Ask a supervisor if it needs doing.',
  },
  accountDisabled: {
    'zh-CN': '此账号已被停用，请联系管理员。',
    en: 'This account has been disabled. Contact an administrator.',
  },
  pinFormat: { 'zh-CN': 'PIN 必须是 4 到 12 位数字。', en: 'A PIN must be 4 to 12 digits.' },
  passwordLength: {
    'zh-CN': '密码长度必须为 8 到 128 个字符。',
    en: 'A password must be 8 to 128 characters long.',
  },
  numbersHeldAfterRestore: {
    'zh-CN':
      '本机刚从备份恢复，还没有与总部同步：为免案件号、工单号与备份之后已用过的重复、记录与总部的审计链冲突，请先同步一次（同步页“立即同步”）再登记。',
    en: 'This desk was just restored from a backup and has not synced with head office since. So that no case or order number written after the backup is used again and no record clashes with head office’s audit chain, sync once first (Sync, "Sync now"), then record.',
  },
  roleCounter: { 'zh-CN': '柜面', en: 'counter' },
  roleLead: { 'zh-CN': '班组长', en: 'team lead' },
  roleQc: { 'zh-CN': '质检', en: 'QC' },
  roleSupervisor: { 'zh-CN': '主管', en: 'supervisor' },
  roleAdmin: { 'zh-CN': '管理员', en: 'administrator' },
  // field-level
  required: { 'zh-CN': '必须填写。', en: 'Required.' },
  notEmpty: { 'zh-CN': '不能为空。', en: 'Must not be empty.' },
  minChars: { 'zh-CN': '至少 {n} 个字符。', en: 'At least {n} characters.' },
  maxChars: { 'zh-CN': '最多 {n} 个字符。', en: 'At most {n} characters.' },
  minNumber: { 'zh-CN': '不能小于 {n}。', en: 'Must be at least {n}.' },
  maxNumber: { 'zh-CN': '不能大于 {n}。', en: 'Must be at most {n}.' },
  minItems: { 'zh-CN': '至少 {n} 项。', en: 'At least {n} items.' },
  maxItems: { 'zh-CN': '最多 {n} 项。', en: 'At most {n} items.' },
  expectText: { 'zh-CN': '应为文字。', en: 'Must be text.' },
  expectNumber: { 'zh-CN': '应为数字。', en: 'Must be a number.' },
  expectInteger: { 'zh-CN': '应为整数。', en: 'Must be a whole number.' },
  expectBoolean: { 'zh-CN': '应为“是”或“否”。', en: 'Must be yes or no.' },
  expectObject: { 'zh-CN': '内容格式不正确。', en: 'Wrong structure.' },
  wrongType: { 'zh-CN': '类型不正确。', en: 'Wrong type.' },
  unknownField: { 'zh-CN': '不支持这个项目。', en: 'This field is not allowed.' },
  invalidId: { 'zh-CN': '编号格式不正确。', en: 'Not a valid id.' },
  invalidDateTime: {
    'zh-CN': '日期时间格式不正确（需要带时区的 ISO 8601 格式）。',
    en: 'Not a valid date and time (ISO 8601 with a time zone).',
  },
  invalidDay: {
    'zh-CN': '请填写日历上有的日期，格式为 YYYY-MM-DD（如 2026-03-01）。',
    en: 'Enter a day on the calendar as YYYY-MM-DD (for example 2026-03-01).',
  },
  invalidFormat: { 'zh-CN': '格式不正确。', en: 'Invalid format.' },
  chooseFromList: { 'zh-CN': '请从列表中选择。', en: 'Choose one of the listed values.' },
  // a period of days (issue 14's analysis: shared/contract/methods/analysis.ts)
  dayPeriodEmpty: {
    'zh-CN': '结束日期须晚于开始日期（统计区间含开始日、不含结束日）。',
    en: 'The end day must come after the start day (a period includes its start day, not its end day).',
  },
  dayPeriodTooLong: { 'zh-CN': '统计区间最长五年。', en: 'A period is at most five years.' },
  // clean text (shared/domain/kernel/text.ts)
  textControl: {
    'zh-CN': '含有不可见的控制字符（{char}，第 {position} 个字符），请删除后重新输入。',
    en: 'Contains an invisible control character ({char}, character {position}): delete it and type the text again.',
  },
  textSurrogate: {
    'zh-CN': '含有残缺的字符（{char}，第 {position} 个字符），可能是复制时损坏，请删除后重新输入。',
    en: 'Contains a broken character ({char}, character {position}), perhaps damaged when copied: delete it and type the text again.',
  },
  textRefused: {
    'zh-CN': '“{field}”{problem}本次没有保存任何内容。',
    en: 'In "{field}": {problem} Nothing was saved.',
  },
  textRefusedMore: {
    'zh-CN': '另外，{fields} 也含有不允许的字符。',
    en: 'The same goes for: {fields}.',
  },
  branchCodeFormat: {
    'zh-CN': '请填写 2 到 6 个大写字母，例如 GZ。',
    en: 'Use 2 to 6 capital letters, e.g. GZ.',
  },
  deviceCodeFormat: {
    'zh-CN': '请填写两位数字或大写字母，例如 01。',
    en: 'Use two digits or capital letters, e.g. 01.',
  },
  loginFormat: {
    'zh-CN': '只能使用字母、数字和 . _ - 。',
    en: 'Use only letters, digits and . _ -',
  },
  // sync with the central server (shown in the sync status and the settings screen)
  syncUnreachable: {
    'zh-CN': '连不上总部服务器，记录已保存在本机，恢复后会自动上传。',
    en: "Can't reach head office; records are saved on this desk and will upload when the line is back.",
  },
  syncTimeout: {
    'zh-CN': '总部服务器响应太慢，记录已保存在本机，稍后会自动重试。',
    en: 'Head office is answering too slowly; records are saved on this desk and will upload automatically later.',
  },
  syncServerError: {
    'zh-CN': '总部服务器暂时出了问题，记录已保存在本机，稍后会自动重试。',
    en: 'Head office has a temporary problem; records are saved on this desk and will upload automatically later.',
  },
  syncBusy: {
    'zh-CN': '总部服务器正忙，记录已保存在本机，稍后会自动重试。',
    en: 'Head office is busy; records are saved on this desk and will upload automatically later.',
  },
  syncTokenRevoked: {
    'zh-CN': '总部已停用本机的同步授权，记录仍保存在本机。请联系管理员取得新的登记码后重新连接。',
    en: "Head office has withdrawn this desk's sync permission; records stay on this desk. Ask your administrator for a new enrollment code and connect again.",
  },
  syncUnauthenticated: {
    'zh-CN': '总部服务器不认可本机的同步授权，记录仍保存在本机。请联系管理员取得新的登记码后重新连接。',
    en: "Head office does not recognise this desk's sync permission; records stay on this desk. Ask your administrator for a new enrollment code and connect again.",
  },
  syncForbidden: {
    'zh-CN': '总部服务器拒绝了本机的同步请求，记录仍保存在本机。请联系管理员检查本机的登记信息。',
    en: "Head office refused this desk's sync request; records stay on this desk. Ask your administrator to check how this desk is enrolled.",
  },
  syncClientTooOld: {
    'zh-CN': '本机的 Loopdesk 版本太旧，总部服务器已不再接受。记录仍保存在本机，请升级 Loopdesk 后再同步。',
    en: 'This Loopdesk is too old for the head-office server; records stay on this desk. Update Loopdesk, then sync again.',
  },
  syncServerTooOld: {
    'zh-CN': '总部服务器的版本比本机旧，暂时无法同步。记录仍保存在本机，请联系管理员升级服务器。',
    en: 'The head-office server is older than this desk and cannot sync with it yet; records stay on this desk. Ask your administrator to update the server.',
  },
  syncBadResponse: {
    'zh-CN': '总部服务器返回了无法识别的内容，记录仍保存在本机。请联系管理员检查服务器地址。',
    en: 'Head office sent an answer this desk does not understand; records stay on this desk. Ask your administrator to check the server address.',
  },
  syncFilesRefused: {
    'zh-CN':
      '有 {n} 个证据文件总部暂未接收（文件过大或总部空间已满），本机会保留并隔一段时间再试；如果一直如此，请联系管理员。',
    en: 'Head office has not accepted {n} evidence file(s) (too large, or its space is full). This desk keeps them and tries again later; if it keeps happening, tell your administrator.',
  },
  syncFilesUnreadable: {
    'zh-CN':
      '有 {n} 个证据文件在本机已丢失或被改动，无法上传。请不要删除数据目录中的 evidence 文件夹，并联系管理员从备份恢复。',
    en: 'This desk cannot send {n} evidence file(s): they are missing here or were changed. Do not delete the evidence folder in the data folder; ask your administrator to restore it from a backup.',
  },
  syncChainBroken: {
    'zh-CN':
      '总部核对本机的操作记录链时发现对不上（总部说明：{said}）。记录仍照常同步；请联系管理员，由总部核查。',
    en: "Head office found this desk's audit chain does not match what it holds (head office says: {said}). Records keep syncing; tell your administrator so head office can look into it.",
  },
  syncRefused: {
    'zh-CN': '总部服务器拒绝了同步请求（{code}），记录仍保存在本机。请联系管理员。',
    en: 'Head office refused the sync request ({code}); records stay on this desk. Tell your administrator.',
  },
  syncInternal: {
    'zh-CN':
      '同步时本机出错，记录仍保存在本机，稍后会自动重试；如果一直出现，请联系管理员（详细信息已记在本机日志）。',
    en: 'Something went wrong on this desk while syncing; records are kept and sync will retry. If it keeps happening, tell your administrator (details are in the local log).',
  },
  syncHeldClockAhead: {
    'zh-CN':
      '有 {count} 条记录暂未上传：本机时钟比总部快约 {minutes} 分钟，总部不接收时间在未来的记录，这些是时钟偏快时录入的。请校正本机时钟；记录无需重新录入，约 {wait} 分钟后会自动上传。',
    en: "{count} record(s) are waiting: this computer's clock is about {minutes} min fast, and head office does not accept records dated in the future; these were written while the clock was fast. Correct this computer's clock; the records need no re-entering and will upload by themselves in about {wait} min.",
  },
  syncHeldWaiting: {
    'zh-CN':
      '有 {count} 条记录暂未上传：它们是本机时钟偏快时录入的，记录时间超前总部约 {minutes} 分钟，总部暂不接收。记录无需重新录入，约 {wait} 分钟后会自动上传。',
    en: "{count} record(s) are waiting: they were written while this computer's clock was fast and are dated about {minutes} min ahead of head office, which does not accept them yet. They need no re-entering and will upload by themselves in about {wait} min.",
  },
  serverUrlInvalid: {
    'zh-CN': '服务器地址不正确，应以 http:// 或 https:// 开头，例如 https://hq.example.cn。',
    en: 'Not a valid server address: it must start with http:// or https://, e.g. https://hq.example.com.',
  },
  enrollUnreachable: {
    'zh-CN': '连不上这个服务器地址，请检查地址是否填写正确、网络是否通畅，然后重试。',
    en: "Can't reach that server address. Check the address and the network connection, then try again.",
  },
  enrollNotLoopdesk: {
    'zh-CN': '这个地址上不是 Loopdesk 总部服务器，请检查服务器地址。',
    en: 'There is no Loopdesk head-office server at that address. Check the server address.',
  },
  enrollCodeInvalid: {
    'zh-CN': '登记码不正确或已经用过、已过期，请向管理员索取新的登记码。',
    en: 'The enrollment code is wrong, already used or expired. Ask your administrator for a new one.',
  },
  enrollDeviceCodeTaken: {
    'zh-CN':
      '本网点已有另一台设备使用设备编号 {deviceCode}，不能重复登记。请联系管理员在总部停用旧设备后再试。',
    en: 'Another desk of this branch is already enrolled with device code {deviceCode}. Ask your administrator to retire the old desk at head office, then try again.',
  },
  enrollDeviceKnown: {
    'zh-CN':
      '总部服务器已登记过本机（设备编号 {deviceId}），或已将其停用。重新登记需要总部为本机生成专用登记码（enroll --reenrol {deviceId}）。',
    en: 'Head office already knows this desk (device id {deviceId}), enrolled or revoked. Enrolling it again needs a code head office makes for this desk (enroll --reenrol {deviceId}).',
  },
  enrollBranchMismatch: {
    'zh-CN': '这个登记码属于其他网点，本机属于网点 {branchCode}。请向管理员索取本网点的登记码。',
    en: 'This enrollment code belongs to another branch; this desk belongs to branch {branchCode}. Ask your administrator for a code for this branch.',
  },
  enrollBusy: {
    'zh-CN': '尝试次数过多，请稍后再试。',
    en: 'Too many attempts. Wait a moment and try again.',
  },
  // storage
  databaseTooNew: {
    'zh-CN':
      '此数据由更新版本的 Loopdesk 写入（数据结构版本 {version}，本程序只支持到 {known}），请安装更新版本后再打开。',
    en: 'This data was written by a newer Loopdesk (schema {version}; this version knows up to {known}). Install the newer version to open it.',
  },
  migrationFailed: {
    'zh-CN': '数据库升级（版本 {version}）失败，数据未作任何改动：{reason}',
    en: 'Upgrading the database (schema {version}) failed and nothing was changed: {reason}',
  },
  // ---- writes head office takes from a supervisor desk only (./deskRole.ts; issue 12 review)
  counterDeskLibrary: {
    'zh-CN':
      '本机登记为柜面设备，总部不接收柜面设备写入的案例库内容（案例、应答口径、预案），写了也无法同步到其他设备。请到主管的设备上编写。',
    en: "This desk is enrolled as a counter desk, and head office does not accept case-library writes (entries, standard answers, plans) from a counter desk: they would never reach the branch's other desks. Write it on a supervisor's desk.",
  },
  counterDeskSettings: {
    'zh-CN':
      '本机登记为柜面设备，总部不接收柜面设备修改的网点日历和处理时限规则，改了也无法同步到其他设备。请到主管的设备上修改。',
    en: "This desk is enrolled as a counter desk, and head office does not accept calendar or deadline-rule changes from a counter desk: they would never reach the branch's other desks. Change them on a supervisor's desk.",
  },
  counterDeskResponsibility: {
    'zh-CN':
      '本机登记为柜面设备，总部不接收柜面设备作出的质量投诉责任认定，认定了也无法同步到其他设备。请到主管的设备上认定。',
    en: "This desk is enrolled as a counter desk, and head office does not accept a quality complaint's responsibility decision from a counter desk: it would never reach the branch's other desks. Decide it on a supervisor's desk.",
  },
  counterDeskStaff: {
    'zh-CN':
      '本机登记为柜面设备，总部不接收柜面设备写入的员工新增或变更（新增、停用、启用、改角色、重置密码），改了也无法同步到其他设备，其他设备也不认这些员工的签字。请到主管的设备上办理。',
    en: "This desk is enrolled as a counter desk, and head office does not accept staff changes (adding, disabling, enabling, changing a role, resetting a secret) from a counter desk: they would never reach the branch's other desks, and no other desk would count such a person's signatures. Do it on a supervisor's desk.",
  },
  counterDeskElevatedSecret: {
    'zh-CN':
      '本机登记为柜面设备，管理员和主管的 PIN 或密码不能在柜面设备上修改（总部不接收，改了其他设备上仍是旧密码）。请到主管的设备上修改。',
    en: "This desk is enrolled as a counter desk, and an administrator's or supervisor's PIN or password cannot be changed here: head office does not accept it, so the other desks would keep the old one. Change it on a supervisor's desk.",
  },
} satisfies Record<string, Text>;

export type MessageKey = keyof typeof MESSAGES;
export type MessageParams = Record<string, string | number>;

function fill(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** A locale we know, or the default (zh-CN) for anything else. */
export function resolveLocale(locale: unknown): Locale {
  return (LOCALES as readonly unknown[]).includes(locale) ? (locale as Locale) : DEFAULT_LOCALE;
}

/** A message catalogue: its messages in a locale. */
export interface Catalogue<K extends string> {
  msg(locale: Locale, key: K, params?: MessageParams): string;
}

/**
 * A feature's catalogue: its own messages plus the kernel's (field-level
 * checks, sign-in, storage), so a handler has one `msg` for both. A feature
 * may not redefine a kernel key.
 */
export function extendMessages<K extends string>(
  own: Record<K, Text> & { [L in MessageKey]?: never },
): Catalogue<K | MessageKey> {
  const table: Record<string, Text> = { ...MESSAGES, ...own };
  return { msg: (locale, key, params) => fill((table[key] as Text)[locale], params) };
}

/** A kernel message in `locale`. */
/** True when `key` names a message of this catalogue. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(MESSAGES, key);
}

export function msg(locale: Locale, key: MessageKey, params?: MessageParams): string {
  return fill(MESSAGES[key][locale], params);
}

/** The generic message for an error code in `locale`. */
export function errorMessage(locale: Locale, code: ErrorCode, params?: MessageParams): string {
  return fill(ERRORS[code][locale], params);
}

/** Both locales of a message, e.g. for errors raised before any caller's locale is known. */
export function msgAll(key: MessageKey, params?: MessageParams): Record<Locale, string> {
  return { 'zh-CN': msg('zh-CN', key, params), en: msg('en', key, params) };
}

const ROLE_KEYS: Record<Role, MessageKey> = {
  counter: 'roleCounter',
  lead: 'roleLead',
  qc: 'roleQc',
  supervisor: 'roleSupervisor',
  admin: 'roleAdmin',
};

/** The localized name of a role. */
export function roleName(locale: Locale, role: Role): string {
  return msg(locale, ROLE_KEYS[role]);
}

/** For tests: every error code has a non-empty message in every locale. */
export const ERROR_CATALOGUE: Readonly<Record<ErrorCode, Text>> = ERRORS;
