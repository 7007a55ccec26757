/**
 * i18next setup: zh-CN first (default), English second. The chosen language is
 * kept in localStorage; antd's and dayjs's locales follow it (see useLocale).
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import { create } from 'zustand';
import type { Locale } from '../../../shared/domain/kernel/locale';
import { getDeskApi } from '../bridge';
import { zhCN } from './zh-CN';
import { en } from './en';
import { leadingGap } from './gap';

const STORAGE_KEY = 'loopdesk.locale';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}

function readStoredLocale(): Locale {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return v === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

const DAYJS_LOCALE: Record<Locale, string> = { 'zh-CN': 'zh-cn', en: 'en' };

function apply(locale: Locale): void {
  dayjs.locale(DAYJS_LOCALE[locale]);
  getDeskApi().setLocale(locale);
  document.documentElement.lang = locale;
  document.title = locale === 'en' ? 'Loopdesk' : '闭环服务台 Loopdesk';
}

const initial = readStoredLocale();

void i18next.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'zh-CN',
  supportedLngs: ['zh-CN', 'en'],
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
  showSupportNotice: false,
});
// "请填写{{field, gap}}": a space before a value that starts with a Latin letter or digit (./gap.ts).
i18next.services.formatter?.add('gap', leadingGap);
apply(initial);

interface LocaleState {
  locale: Locale;
  setLocale(locale: Locale): void;
}

export const useLocale = create<LocaleState>((set) => ({
  locale: initial,
  setLocale(locale) {
    try {
      window.localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
    apply(locale);
    void i18next.changeLanguage(locale);
    set({ locale });
  },
}));

export function currentLocale(): Locale {
  return useLocale.getState().locale;
}

export { i18next };
