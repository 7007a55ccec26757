/**
 * What a supervisor reads about backups and restores, zh-CN first (the
 * kernel's messages are included, kernel/messages.ts). Every refusal of a
 * restore names the file and says that nothing was changed.
 */
import { extendMessages } from '../../kernel/messages';

export const messages = extendMessages({
  backupNoFolder: {
    'zh-CN': '还没有设置备份文件夹：请先在“设置 → 同步与维护 → 备份”中填写备份文件夹。',
    en: 'No backup folder is set: enter one under Settings → Sync and maintenance → Backups first.',
  },
  backupFolderNotAbsolute: {
    'zh-CN': '请填写完整的文件夹路径（例如 D:\\Loopdesk 备份 或 /home/desk/backups）。',
    en: 'Enter the full path of the folder (for example D:\\LoopdeskBackups or /home/desk/backups).',
  },
  backupFolderMissing: {
    'zh-CN': '文件夹“{folder}”不存在或无法写入，请先建好该文件夹或换一个。',
    en: 'The folder "{folder}" does not exist or cannot be written to. Create it first or choose another.',
  },
  backupFolderInsideData: {
    'zh-CN':
      '备份文件夹不能放在本机数据目录里（硬盘损坏时会和数据一起丢失），请换一个文件夹，最好在另一块硬盘或 U 盘上。',
    en: 'The backup folder must not be inside the desk data folder (a failing disk would take both). Choose another folder, ideally on another disk.',
  },
  backupNotAJob: {
    'zh-CN': '这个任务不是备份，主管只能取消备份任务。',
    en: 'That job is not a backup; a supervisor may only cancel backups.',
  },
  // restore checks (the CLI prints them; {file} is the backup file's full path)
  restoreFileMissing: {
    'zh-CN': '找不到备份文件“{file}”。数据未改动。',
    en: 'The backup file "{file}" was not found. Nothing was changed.',
  },
  restoreNotSqlite: {
    'zh-CN': '“{file}”不是 Loopdesk 备份（不是 SQLite 数据库文件）。数据未改动。',
    en: '"{file}" is not a Loopdesk backup (it is not an SQLite database file). Nothing was changed.',
  },
  restoreTruncated: {
    'zh-CN':
      '备份文件“{file}”不完整（只有 {bytes} 字节，应为 {expected} 字节），可能复制时中断了。数据未改动。',
    en: 'The backup file "{file}" is incomplete ({bytes} bytes of {expected}); the copy may have been interrupted. Nothing was changed.',
  },
  restoreManifestMissing: {
    'zh-CN':
      '备份文件“{file}”缺少清单文件“{manifest}”（备份时与它一起生成），无法核对，数据未改动。请把两个文件一起复制过来。',
    en: 'The backup file "{file}" has no manifest "{manifest}" (made with it), so it cannot be checked. Nothing was changed. Copy both files together.',
  },
  restoreManifestBad: {
    'zh-CN': '备份“{file}”的清单文件无法读取或与备份内容不符（{detail}）。数据未改动。',
    en: 'The manifest of the backup "{file}" is unreadable or does not match the backup ({detail}). Nothing was changed.',
  },
  restoreHashMismatch: {
    'zh-CN': '备份文件“{file}”的校验值与清单不符：文件在备份后被改动或已损坏。数据未改动。',
    en: 'The checksum of the backup file "{file}" does not match its manifest: the file was changed or damaged after the backup. Nothing was changed.',
  },
  restoreDamaged: {
    'zh-CN': '备份文件“{file}”已损坏（数据库完整性检查未通过：{detail}）。数据未改动。',
    en: 'The backup file "{file}" is damaged (the database integrity check failed: {detail}). Nothing was changed.',
  },
  restoreTooNew: {
    'zh-CN':
      '备份“{file}”来自更新版本的 Loopdesk（数据格式第 {found} 版，本程序只认识到第 {known} 版）。请先升级本程序。数据未改动。',
    en: 'The backup "{file}" was made by a newer Loopdesk (data format {found}; this program knows up to {known}). Upgrade this program first. Nothing was changed.',
  },
  restoreOtherBranch: {
    'zh-CN': '备份“{file}”属于网点 {found}，本机是网点 {expected}：不能用其他网点的备份恢复。数据未改动。',
    en: 'The backup "{file}" belongs to branch {found}, and this desk is branch {expected}: a backup from another branch cannot be restored here. Nothing was changed.',
  },
  restoreOtherDevice: {
    'zh-CN':
      '备份“{file}”来自本网点的另一台设备（{found}），本机是 {expected}。要把那台设备搬到这台电脑上，请用 --data 指定一个空的数据目录再恢复。数据未改动。',
    en: 'The backup "{file}" is from another device of this branch ({found}); this desk is {expected}. To move that device to this computer, restore into an empty data folder (--data). Nothing was changed.',
  },
  restoreDeskOpen: {
    'zh-CN':
      'Loopdesk 正在使用数据目录“{dir}”：请先关闭 Loopdesk（包括浏览器模式的服务）再恢复。数据未改动。',
    en: 'Loopdesk is using the data folder "{dir}": close Loopdesk (and any browser-mode host) first, then restore. Nothing was changed.',
  },
});

export type BackupMessageKey = Parameters<typeof messages.msg>[1];
