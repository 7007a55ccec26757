/** The staff feature's messages, zh-CN first; the kernel's are included (kernel/messages.ts). */
import { extendMessages } from '../../kernel/messages';

export const messages = extendMessages({
  loginTaken: {
    'zh-CN': '登录名“{login}”已被使用，请换一个。',
    en: 'The login "{login}" is already taken. Choose another.',
  },
  pinFormatSupervising: {
    'zh-CN': '主管和管理员的 PIN 必须是 6 到 12 位数字（或改用密码）。',
    en: 'Supervisors and administrators need a PIN of 6 to 12 digits (or a password).',
  },
  staffNotFound: {
    'zh-CN': '找不到这名员工，请刷新员工列表后再试。',
    en: 'This staff member was not found. Refresh the staff list and try again.',
  },
  notOnYourself: {
    'zh-CN': '不能停用自己或更改自己的角色，请由另一名管理员操作。',
    en: 'You cannot disable yourself or change your own role. Ask another administrator.',
  },
  lastAdmin: {
    'zh-CN': '这是本网点最后一名启用的管理员，不能停用或改为其他角色。请先添加另一名管理员。',
    en: 'This is the branch’s last enabled administrator. Add another administrator first.',
  },
  alreadyInState: {
    'zh-CN': '这名员工已经是此状态，无需更改。',
    en: 'This staff member is already in that state.',
  },
  roleNeedsSecret: {
    'zh-CN': '升为主管或管理员时须同时设置密码或 6 位以上 PIN。',
    en: 'Set a password or a PIN of at least 6 digits when promoting to supervisor or administrator.',
  },
  secretIncomplete: {
    'zh-CN': '要同时设置新密码，请选择类型（PIN 或密码）并填写；不改密码则两项都留空。',
    en: 'To set a new secret as well, choose its kind (PIN or password) and enter it; leave both empty to keep the current one.',
  },
  currentSecretWrong: {
    'zh-CN': '当前密码（PIN）不正确。',
    en: 'The current password (PIN) is not correct.',
  },
  recoveryAdminExists: {
    'zh-CN': '本网点还有启用的管理员，不能用恢复方式新建管理员。请让现有管理员在“设置 → 员工”中操作。',
    en: 'This branch still has an enabled administrator, so no recovery administrator can be made. Ask that administrator to use Settings → Staff.',
  },
  recoveryNotCounted: {
    'zh-CN': '恢复管理员的记录已写入，但未生效。请保留数据目录并联系技术支持。',
    en: 'The recovery administrator was written but did not take effect. Keep the data folder and contact support.',
  },
  signInBusy: {
    'zh-CN': '登录请求过多，请稍等几秒再试。',
    en: 'Too many sign-ins at once. Wait a few seconds and try again.',
  },
});
export type StaffMessageKey = Parameters<typeof messages.msg>[1];
