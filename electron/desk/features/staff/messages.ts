/** The staff feature's messages, zh-CN first; the kernel's are included (kernel/messages.ts). */
import { extendMessages } from '../../kernel/messages';

export const messages = extendMessages({
  loginTaken: {
    'zh-CN': '登录名“{login}”已被使用，请换一个。',
    en: 'The login "{login}" is already taken. Choose another.',
  },
});
