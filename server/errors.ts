/**
 * Errors the sync server answers with. Every message is written for the person
 * in front of the desk: Chinese first, then English, joined by " / ", so a desk
 * can show it as it is whatever its language.
 */
import type { SyncErrorCode } from '../shared/contract/sync';

export const MESSAGES: Record<SyncErrorCode, string> = {
  protocol_too_old:
    '此柜台的 Loopdesk 版本过旧，服务器已不再支持，请更新 Loopdesk 后再同步。 / This desk is too old for the server; update Loopdesk, then sync again.',
  protocol_unknown:
    '无法识别此柜台使用的同步协议版本，请更新 Loopdesk 或联系总部确认服务器版本。 / The server does not understand this desk’s sync protocol version; update Loopdesk or ask head office about the server version.',
  malformed_json:
    '同步请求内容已损坏，无法读取。请再试一次；若反复出现，请联系技术支持。 / The sync request was damaged and could not be read. Try again; if it keeps happening, contact support.',
  invalid_request:
    '同步请求的内容不符合要求。请再试一次；若反复出现，请联系技术支持。 / The sync request was not in the expected form. Try again; if it keeps happening, contact support.',
  too_large:
    '一次发送的数据太多，请稍后再试（Loopdesk 会自动分批发送）。 / Too much data in one request; try again (Loopdesk sends in smaller batches).',
  unauthenticated:
    '此柜台尚未在服务器登记，或登记已失效。请向总部索取新的登记码并重新登记。 / This desk is not enrolled with the server, or its enrolment is no longer valid. Ask head office for a new enrolment code and enrol again.',
  token_revoked:
    '总部已停用此柜台的同步权限。如需恢复，请向总部索取新的登记码。 / Head office has switched off syncing for this desk. Ask head office for a new enrolment code to turn it back on.',
  forbidden: '此柜台无权执行该操作。 / This desk is not allowed to do that.',
  enrollment_invalid:
    '登记码错误、已使用或已过期。请核对后重新输入，或向总部索取新的登记码。 / The enrolment code is wrong, already used or expired. Check it, or ask head office for a new one.',
  device_code_taken:
    '本网点已有另一台在用柜台使用此柜台编号。柜台编号在首次设置时确定，请联系总部先停用旧柜台再登记。 / Another active desk of this branch already uses this desk code. The code is fixed at first-run setup: ask head office to retire the old desk, then enrol again.',
  branch_mismatch:
    '登记码属于另一个网点，与本柜台设置的网点代码不符。 / The enrolment code belongs to another branch than the one set on this desk.',
  rate_limited:
    '同步请求过于频繁，请稍候片刻，Loopdesk 会自动重试。 / Too many sync requests; wait a moment and Loopdesk will try again.',
  not_found: '服务器上没有这个地址。 / There is nothing at this address on the server.',
  hash_mismatch:
    '上传的文件与其校验值不符，可能在传输中损坏。Loopdesk 会重新上传。 / The uploaded file does not match its checksum; it may have been damaged on the way. Loopdesk will upload it again.',
  device_known:
    '服务器上已登记过这台柜台（或它已被停用）。重新登记须由总部为这台柜台专门生成登记码（enroll --reenrol <设备编号>）。 / The server already knows this desk (enrolled or revoked). Re-enrolling it needs a code head office makes for this desk (enroll --reenrol <device id>).',
  attachment_quota:
    '本网点在服务器上的附件空间已满，文件未上传。请联系总部。 / This branch has used up its attachment space on the server; the file was not uploaded. Contact head office.',
  chain_broken:
    "此柜台的审计链与总部保存的不一致，可能有记录被改动、删除或插入。同步已暂停，请联系总部核查（npm run cli -- verify）。 / This desk's audit chain does not continue the one head office holds: a record may have been edited, deleted or inserted. Syncing of the audit trail is paused; contact head office (npm run cli -- verify).",
  internal:
    '服务器暂时出错，数据没有丢失，Loopdesk 会稍后自动重试。 / The server had a problem; nothing was lost and Loopdesk will try again shortly.',
};

export const STATUS: Record<SyncErrorCode, number> = {
  protocol_too_old: 426,
  protocol_unknown: 400,
  malformed_json: 400,
  invalid_request: 400,
  too_large: 413,
  unauthenticated: 401,
  token_revoked: 401,
  forbidden: 403,
  enrollment_invalid: 401,
  device_code_taken: 409,
  branch_mismatch: 409,
  rate_limited: 429,
  not_found: 404,
  hash_mismatch: 400,
  internal: 500,
  device_known: 409,
  attachment_quota: 507,
  chain_broken: 409,
};

/** A refusal: the route answers `STATUS[code]` with the SyncError body. */
export class SyncHttpError extends Error {
  readonly status: number;
  constructor(
    readonly code: SyncErrorCode,
    message: string = MESSAGES[code],
    readonly headers: Record<string, string> = {},
    status?: number,
  ) {
    super(message);
    this.name = 'SyncHttpError';
    this.status = status ?? STATUS[code];
  }
}
