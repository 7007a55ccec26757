/** The evidence feature's messages, zh-CN first; the kernel's are included (kernel/messages.ts). */
import { extendMessages } from '../../kernel/messages';

export const messages = extendMessages({
  evidenceCaseNotFound: {
    'zh-CN': '找不到这个投诉单，证据没有保存。请刷新列表后再试。',
    en: 'This case was not found, so the evidence was not saved. Refresh the list and try again.',
  },
  evidenceTypeRefused: {
    'zh-CN':
      '不支持这种文件，未保存。只能添加照片（JPEG、PNG、WebP、HEIC）、PDF 文档或录音（MP3、M4A、3GP、AAC、WAV、AMR、OGG）；系统按文件内容判断类型，改扩展名无效。',
    en: 'This kind of file is not accepted, so nothing was saved. Add photos (JPEG, PNG, WebP, HEIC), PDF documents or recordings (MP3, M4A, 3GP, AAC, WAV, AMR, OGG); the type is read from the file itself, so renaming it does not help.',
  },
  evidenceVideoRefused: {
    'zh-CN':
      '这是视频文件（含画面轨道），未保存。证据只收照片、PDF 文档和录音：请只导出录音（如 M4A、MP3）或截取照片后再添加。',
    en: 'This is a video (it holds a picture track), so nothing was saved. Evidence takes photos, PDF documents and recordings only: export the sound alone (M4A, MP3) or take a still, then add it again.',
  },
  evidenceEmpty: {
    'zh-CN': '文件是空的（0 字节），未保存。请选择原始的照片、录音或文档。',
    en: 'The file is empty (0 bytes), so nothing was saved. Choose the original photo, recording or document.',
  },
  evidenceTooLarge: {
    'zh-CN': '文件太大（{mb} MB），未保存。单个证据文件不能超过 {limit} MB：请压缩照片或截取录音后再添加。',
    en: 'The file is too large ({mb} MB), so nothing was saved. One evidence file may be at most {limit} MB: shrink the photo or cut the recording, then add it again.',
  },
  evidenceNameEmpty: {
    'zh-CN': '文件名为空，未保存。请给文件命名后再添加。',
    en: 'The file has no name, so nothing was saved. Give it a name and add it again.',
  },
  evidenceNameTooLong: {
    'zh-CN': '文件名太长（最多 {max} 个字符），未保存。请改短文件名后再添加。',
    en: 'The file name is too long (at most {max} characters), so nothing was saved. Shorten it and add it again.',
  },
  evidenceNameControl: {
    'zh-CN': '文件名里有控制字符，未保存。请重命名文件后再添加。',
    en: 'The file name holds control characters, so nothing was saved. Rename the file and add it again.',
  },
  evidenceNamePath: {
    'zh-CN': '文件名不能含路径（/ 或 \\），未保存。请只给出文件名。',
    en: 'The file name may not hold a path (/ or \\), so nothing was saved. Give the file name only.',
  },
  evidenceUploadMissing: {
    'zh-CN': '没有收到文件内容（上传未完成或已过期），未保存。请重新选择文件。',
    en: 'The file did not arrive (the upload did not finish or has expired), so nothing was saved. Choose the file again.',
  },
  evidenceNotOnCase: {
    'zh-CN': '这个投诉单没有这份证据。请刷新后再试。',
    en: 'This case has no such evidence. Refresh and try again.',
  },
  evidenceOffline: {
    'zh-CN': '这份证据的文件还没有下载到本机，而现在连不上总部（网络中断）。请联网后再打开。',
    en: 'The file of this evidence has not been downloaded to this desk yet, and head office cannot be reached (the line is down). Open it again once the line is back.',
  },
  evidenceNotUploaded: {
    'zh-CN': '这份证据的文件还没有下载到本机：添加它的那台电脑还没有把文件上传到总部。请稍后再试。',
    en: 'The file of this evidence has not been downloaded to this desk yet: the desk that added it has not uploaded it to head office yet. Try again later.',
  },
  evidenceNoServer: {
    'zh-CN': '这份证据的文件不在本机，且本机未连接总部服务器，无法下载。请在“设置 → 同步”中连接后再试。',
    en: 'The file of this evidence is not on this desk, and this desk is not connected to head office, so it cannot be downloaded. Connect it under Settings → Sync, then try again.',
  },
  evidenceFetchFailed: {
    'zh-CN': '下载证据文件失败（总部拒绝或文件损坏），文件未打开。请稍后再试；如果反复出现，请联系管理员。',
    en: 'The evidence file could not be downloaded (head office refused it or it arrived damaged), so it was not opened. Try again later; if this keeps happening, contact your administrator.',
  },
  evidenceFetchRefused: {
    'zh-CN':
      '这份证据的文件不是允许的类型（按文件内容判断：不是照片、PDF 或录音），所以没有保存到本机，也不能打开。请联系添加它的同事或管理员。',
    en: 'The file of this evidence is not an accepted type (judged by its content: not a photo, PDF or recording), so it was not kept on this desk and cannot be opened. Contact the colleague who added it or your administrator.',
  },
});
